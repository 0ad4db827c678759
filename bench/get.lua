-- wrk script for the cheap, frequent requests (bench/run.sh, step "floor"): GET one path again and again.
--   wrk ... -s bench/get.lua URL -- PATH EXPECT [AUTHORIZATION]
-- EXPECT json200: HTTP 200 with {"code":200 ...} is expected; http200: any HTTP 200 is.
-- AUTHORIZATION, when given, is sent as the Authorization header's whole value (the /v1 token).
-- done() prints one line: BENCH key=value ... for run.sh (the same keys as bench/sms-code.lua's).

local threads = {}
local path, expect, headers
ok, other, http_errors, unparsed = 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path = args[1] or "/"
  expect = args[2] or "http200"
  headers = {}
  if args[3] and args[3] ~= "" then
    headers["Authorization"] = args[3]
  end
end

function request()
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  if status ~= 200 then
    http_errors = http_errors + 1
  elseif expect == "json200" then
    local code = body and string.match(body, '"code"%s*:%s*(%d+)')
    if code == "200" then ok = ok + 1 elseif code then other = other + 1 else unparsed = unparsed + 1 end
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, other = 0, http_errors = 0, unparsed = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "ok=%d cooldown=0 other=%d http_errors=%d unparsed=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    t.ok, t.other, t.http_errors, t.unparsed, e.connect + e.read + e.write, e.timeout))
end
