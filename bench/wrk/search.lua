-- GET /api/v1/cases?<query>, one URL query string per line of BENCH_LINES (search.txt).
bench_prefix = "/api/v1/cases?"
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/get_lines.lua")
