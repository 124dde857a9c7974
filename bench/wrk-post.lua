-- wrk script for bench/rows/util.mjs wrk(): POSTs the body in $WRK_BODY as a form, and at the end
-- prints one JSON line with the counts, latency percentiles (µs) and wrk's own CPU ticks
-- (utime + stime of /proc/self/stat, which include its finished threads) so the bench can show
-- how much of a core the generator itself used.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

-- A body holding "{n}" gets a new number there in every request (a new message id per
-- callback, as a gateway sends): the request is formatted per call, which costs wrk some CPU
-- (its ceiling row says how much it has to spare).
if wrk.body and wrk.body:find("{n}", 1, true) then
  local template, n = wrk.body, 0
  request = function()
    n = n + 1
    return wrk.format(nil, nil, nil, (template:gsub("{n}", tostring(n))))
  end
end

function done(summary, latency, requests)
  local f = io.open("/proc/self/stat")
  local stat = f:read("*a")
  f:close()
  -- Fields after "(comm) ": state is the 1st, utime the 12th, stime the 13th.
  local fields = {}
  for w in stat:gsub("^.*%) ", ""):gmatch("%S+") do fields[#fields + 1] = w end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"micros":%d,"errors":%d,"non2xx":%d,"p50":%d,"p99":%d,"cpuTicks":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), tonumber(fields[12]) + tonumber(fields[13])))
end
