-- GET <prefix><line>, cycling through the lines of BENCH_LINES; the prefix is the global
-- bench_prefix set by the scenario script (read_case.lua, search.lua) or BENCH_PREFIX.
-- Every thread starts at its own offset so that threads do not read the same cases in lockstep
-- (which would flatter caches).
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")

local lines, n, i, prefix, headers

function init(args)
  lines = bench_read_lines(bench_env("BENCH_LINES"))
  n = #lines
  if n == 0 then
    error("BENCH_LINES is empty")
  end
  prefix = bench_prefix or bench_env("BENCH_PREFIX")
  headers = bench_headers()
  i = bench_slice(n, id, tonumber(bench_env("BENCH_THREADS"))) - 1
end

function request()
  i = i % n + 1
  return wrk.format("GET", prefix .. lines[i], headers)
end
