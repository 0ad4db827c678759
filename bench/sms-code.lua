-- wrk script for POST /v1/users/sms/code (bench/run.sh).
--   wrk ... -s bench/sms-code.lua URL -- MODE RUN SENT_PREFIX
-- MODE distinct: every request a new phone 177 RUN THREAD NNNNNN (threads never collide, nor do runs);
--                expected answer {"code":200}.
-- MODE single:   one phone for the whole run (177 RUN 9 000000); expected: one 200, then 10111 (cooldown).
-- SENT_PREFIX:   each thread writes SENT_PREFIX-THREAD.tsv with "phone <TAB> send time (µs since the epoch)"
--                for every request it sends (single mode: its first request only), so that run.sh can join
--                them with the arrivals at the fake provider.
-- done() prints one line: BENCH key=value ... for run.sh.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *tp);
]]

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME, like DateTime.UtcNow in the fake
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local mode, prefix, sent, counter
-- counters read by done() through thread:get
ok, cooldown, other, http_errors, unparsed = 0, 0, 0, 0, 0

function init(args)
  mode = args[1] or "distinct"
  local run = tonumber(args[2] or "1")
  assert(run >= 0 and run <= 9, "RUN must be one digit")
  assert(id <= 8, "at most 9 threads (the thread digit 9 is the single-phone mode's)")
  if mode == "single" then
    prefix = string.format("177%d9", run)
  else
    prefix = string.format("177%d%d", run, id)
  end
  counter = 0
  if args[3] then
    sent = assert(io.open(string.format("%s-%d.tsv", args[3], id), "w"))
    sent:setvbuf("full", 65536)
  end
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  local phone
  if mode == "single" then
    phone = prefix .. "000000"
  else
    phone = prefix .. string.format("%06d", counter)
  end
  if sent and (mode ~= "single" or counter == 0) then
    sent:write(phone, "\t", now_us(), "\n")
  end
  counter = counter + 1
  return wrk.format("POST", "/v1/users/sms/code", headers, '{"phone":"' .. phone .. '"}')
end

function response(status, hdrs, body)
  if status ~= 200 then
    http_errors = http_errors + 1
    return
  end
  local code = body and string.match(body, '"code"%s*:%s*(%d+)')
  if code == "200" then
    ok = ok + 1
  elseif code == "10111" then
    cooldown = cooldown + 1
  elseif code then
    other = other + 1
  else
    unparsed = unparsed + 1
  end
  if sent and ok % 4096 == 0 then
    sent:flush()
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, cooldown = 0, other = 0, http_errors = 0, unparsed = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "ok=%d cooldown=%d other=%d http_errors=%d unparsed=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    t.ok, t.cooldown, t.other, t.http_errors, t.unparsed, e.connect + e.read + e.write, e.timeout))
end
