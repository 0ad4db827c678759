-- wrk script for the password-guessing flood of bench/run.sh (issue 12, point 2): POST /login with a wrong password
-- for a made-up account, each request from another client address (X-Forwarded-For, believed because the bench names
-- 127.0.0.1 in ForwardedHeaders:KnownProxies), so the per-IP rate limit never stops it and every request reaches the
-- password-hash bulkhead (a dummy hash, as for an unknown user). Not a test.
--   wrk ... -s bench/login-flood.lua URL -- COOKIE TOKEN
--   COOKIE: the antiforgery cookie ("name=value") and TOKEN its form token, both from one GET /login
local counter = 0
local cookie, token
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  cookie, token = args[1], args[2]
  assert(cookie and token, "usage: -- COOKIE TOKEN")
end

function request()
  counter = counter + 1
  local n = id * 1000000 + counter
  local ip = string.format("10.%d.%d.%d", id % 256, math.floor(n / 256) % 256, n % 256)
  local body = "Login=flood" .. n .. "&Password=not-the-password-" .. n .. "&__RequestVerificationToken=" .. token
  return wrk.format("POST", "/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = ip,
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("FLOOD requests=%d non2xx=%d p50_ms=%.1f p99_ms=%.1f\n", summary.requests,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
