-- Sends each line of BENCH_LINES exactly ONCE (recording results, intake): a hearing can be
-- resulted once and a case sent in once, so replaying a line would measure conflicts, not work.
--
-- BENCH_LINES is tab-separated, made by bench/lib/results.py to-tsv from the generator's JSONL:
--   method <TAB> path <TAB> headers ("Name: value" joined by \31) <TAB> body (compact JSON)
-- Thread k of BENCH_THREADS owns its own contiguous slice. A thread that runs out of lines sends
-- nothing more (its connections go idle) and stops once its last answer is in; the run then
-- reports "exhausted" and its effective duration (first request to last response) instead of
-- wrk's -d duration. (A request lost to a socket error or timeout keeps the thread waiting until
-- -d ends; the effective duration still ends at the last response.)
-- BENCH_UNSENT: file that done() writes the line numbers (1-based) of lines never sent to, so
-- run.sh can return them to the pool for the next concurrency level.
-- BENCH_ERRLOG: file prefix; each thread writes its first few non-2xx responses there.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")

local reqs, lo, hi, nextl, headers_base, errlog, logged = {}, 0, 0, 0, nil, nil, 0
-- wrk calls request() once in the first thread's state before the run, only to check that it
-- returns a well-formed request (script_verify_request); that call must not use up a line.
local verifying = false

local function parse(line)
  local m, p, h, b = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  if m == nil then
    error("bad request line: " .. line:sub(1, 80))
  end
  local hs = {}
  for kv in (h .. "\31"):gmatch("([^\31]*)\31") do
    local k, v = kv:match("^([^:]+):%s*(.*)$")
    if k ~= nil then
      hs[#hs + 1] = { k, v }
    end
  end
  return { method = m, path = p, headers = hs, body = b }
end

function init(args)
  local lines = bench_read_lines(bench_env("BENCH_LINES"))
  lo, hi = bench_slice(#lines, id, tonumber(bench_env("BENCH_THREADS")))
  for k = lo, hi - 1 do
    reqs[k] = parse(lines[k])
  end
  nextl = lo
  verifying = (id == 1)
  headers_base = bench_headers()
  -- Globals read by done() in the main state through thread:get.
  lo_g, hi_g, sent, responses, exhausted = lo, hi, 0, 0, 0
  t_first, t_last = bench_now(), 0
  c2xx, c409, c412, c4xx, c5xx, cother = 0, 0, 0, 0, 0, 0
  local prefix = os.getenv("BENCH_ERRLOG")
  if prefix ~= nil and prefix ~= "" then
    errlog = prefix .. "." .. id
  end
end

local function format(r)
  local h = {}
  for k, v in pairs(headers_base) do h[k] = v end
  for _, kv in ipairs(r.headers) do h[kv[1]] = kv[2] end
  if r.body ~= "" then
    h["Content-Type"] = "application/json"
  end
  return wrk.format(r.method, r.path, h, r.body ~= "" and r.body or nil)
end

function request()
  if verifying then
    verifying = false
    if nextl < hi then
      return format(reqs[nextl]) -- looked at, not used up
    end
    return wrk.format("GET", "/api/v1/health", { ["Host"] = wrk.host })
  end
  if nextl >= hi then
    exhausted = 1
    -- Stop once every line sent has its answer, so none is lost from the figures.
    if responses >= sent then
      wrk.thread:stop()
    end
    -- An empty request writes nothing: the connection goes idle instead of sending filler
    -- that would be counted as work.
    return ""
  end
  local r = reqs[nextl]
  reqs[nextl] = nil
  nextl = nextl + 1
  sent = sent + 1
  return format(r)
end

function response(status, headers, body)
  t_last = bench_now()
  responses = responses + 1
  if exhausted == 1 and responses >= sent then
    wrk.thread:stop()
  end
  if status >= 200 and status < 300 then
    c2xx = c2xx + 1
  else
    if status == 409 then c409 = c409 + 1
    elseif status == 412 then c412 = c412 + 1
    elseif status >= 400 and status < 500 then c4xx = c4xx + 1
    elseif status >= 500 then c5xx = c5xx + 1
    else cother = cother + 1 end
    if errlog ~= nil and logged < 5 then
      logged = logged + 1
      local f = io.open(errlog, "a")
      if f ~= nil then
        f:write(status .. " " .. tostring(body):sub(1, 2000) .. "\n")
        f:close()
      end
    end
  end
end

local function sum(threads, name)
  local s = 0
  for _, t in ipairs(threads) do s = s + (t:get(name) or 0) end
  return s
end

function bench_effective_seconds(threads, summary)
  if sum(threads, "exhausted") == 0 then
    return nil
  end
  local first, last = nil, 0
  for _, t in ipairs(threads) do
    local f, l = t:get("t_first"), t:get("t_last")
    if first == nil or f < first then first = f end
    if l > last then last = l end
  end
  if last <= first then return nil end
  return last - first
end

function bench_extra_json(threads)
  -- Lines never sent go back to the pool (see BENCH_UNSENT above).
  local path = os.getenv("BENCH_UNSENT")
  local unsent = 0
  local f = nil
  if path ~= nil and path ~= "" then f = io.open(path, "w") end
  for _, t in ipairs(threads) do
    for k = t:get("lo_g") + t:get("sent"), t:get("hi_g") - 1 do
      unsent = unsent + 1
      if f ~= nil then f:write(k .. "\n") end
    end
  end
  if f ~= nil then f:close() end
  return string.format(
    ',"lines_sent":%d,"lines_unsent":%d,"threads_exhausted":%d,' ..
    '"status":{"2xx":%d,"409":%d,"412":%d,"other_4xx":%d,"5xx":%d,"other":%d}',
    sum(threads, "sent"), unsent, sum(threads, "exhausted"),
    sum(threads, "c2xx"), sum(threads, "c409"), sum(threads, "c412"),
    sum(threads, "c4xx"), sum(threads, "c5xx"), sum(threads, "cother"))
end
