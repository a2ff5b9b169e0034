-- Shared helpers for the Assize wrk scenarios.
--
-- Parameters come from environment variables (wrk passes no options to scripts except the
-- arguments after "--", and every thread has its own Lua state that reads them again):
--   BENCH_TOKEN     bearer token sent as "Authorization: Bearer ..." (optional)
--   BENCH_THREADS   number of wrk threads (-t); used to give each thread its own slice of lines
--   BENCH_LINES     file with one request per line (scenario-specific meaning)
--
-- done() prints ONE line "BENCHJSON {...}" so that run.sh never parses wrk's text output.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")

-- Monotonic seconds, comparable across threads (wrk's own clock is not exposed to Lua).
function bench_now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

function bench_env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then
      error("environment variable " .. name .. " is required")
    end
    return default
  end
  return v
end

function bench_read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  return lines
end

-- The half-open range [lo, hi) of n items that thread `id` (1-based) of `threads` owns.
function bench_slice(n, id, threads)
  local lo = math.floor((id - 1) * n / threads) + 1
  local hi = math.floor(id * n / threads) + 1
  return lo, hi
end

function bench_headers()
  local h = { ["Host"] = wrk.host }
  local token = os.getenv("BENCH_TOKEN")
  if token ~= nil and token ~= "" then
    h["Authorization"] = "Bearer " .. token
  end
  return h
end

-- Thread ids: setup() runs in the main Lua state once per thread, before that thread's init().
bench_threads = {}
function setup(thread)
  bench_threads[#bench_threads + 1] = thread
  thread:set("id", #bench_threads)
end

local function num(x)
  if x == nil then return "null" end
  return string.format("%.6f", x)
end

-- Scenario scripts may set bench_extra_json(threads) returning extra ",\"k\":v" text, and
-- bench_effective_seconds(threads, summary) when the run ended before its -d duration.
function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  if bench_effective_seconds ~= nil then
    secs = bench_effective_seconds(bench_threads, summary) or secs
  end
  local e = summary.errors
  local out = string.format(
    '{"requests":%d,"duration_s":%s,"seconds":%s,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%s,"p90":%s,"p99":%s,"p999":%s,"max":%s,"mean":%s}',
    summary.requests, num(summary.duration / 1e6), num(secs), summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    num(latency:percentile(50) / 1000), num(latency:percentile(90) / 1000),
    num(latency:percentile(99) / 1000), num(latency:percentile(99.9) / 1000),
    num(latency.max / 1000), num(latency.mean / 1000))
  if bench_extra_json ~= nil then
    out = out .. bench_extra_json(bench_threads)
  end
  io.write("BENCHJSON " .. out .. "}\n")
end
