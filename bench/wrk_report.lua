-- wrk calls done() once at the end; this prints one line that bench/run.py parses.
-- Times are in microseconds; errors.status counts responses with a status above 399.
--
-- With BENCH_POST_BODY set, every request is a POST of that JSON body by a different
-- person: "Authorization: Token <key>", keys BENCH_TOKEN_PREFIX followed by a number
-- zero-padded to BENCH_TOKEN_DIGITS digits, from BENCH_TOKEN_START on, each wrk thread
-- taking its own block of BENCH_TOKEN_STRIDE numbers.
local body = os.getenv("BENCH_POST_BODY")
if body then
  local prefix = os.getenv("BENCH_TOKEN_PREFIX")
  local digits = tonumber(os.getenv("BENCH_TOKEN_DIGITS"))
  local start = tonumber(os.getenv("BENCH_TOKEN_START"))
  local stride = tonumber(os.getenv("BENCH_TOKEN_STRIDE"))
  local made = 0
  setup = function(thread)
    thread:set("first", start + made * stride)
    made = made + 1
  end
  local sent = 0
  request = function()
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Authorization"] = "Token " .. string.format("%s%0" .. digits .. "d", prefix, first + sent)
    headers["Content-Type"] = "application/json"
    sent = sent + 1
    return wrk.format("POST", nil, headers, body)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, '
      .. '"p50_us": %.0f, "p90_us": %.0f, "p99_us": %.0f, "max_us": %.0f, '
      .. '"errors_connect": %.0f, "errors_read": %.0f, "errors_write": %.0f, '
      .. '"errors_status": %.0f, "errors_timeout": %.0f}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
