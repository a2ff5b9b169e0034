-- GET /api/v1/health (the path is the URL given to wrk): the physical reference for reads.
-- Only the JSON summary from common.lua is needed.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
