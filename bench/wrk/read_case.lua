-- GET /api/v1/cases/<id>, one case id per line of BENCH_LINES (read_cases.txt).
bench_prefix = "/api/v1/cases/"
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/get_lines.lua")
