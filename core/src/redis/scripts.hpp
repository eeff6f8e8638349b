#pragma once
// The server-side scripts of the shared state. Each runs atomically on the Redis server, so
// that processes on several machines see one token bucket per registry and one set of ranges.

namespace renraku::core::redis::scripts {

// KEYS: answer, ranges (may be unused). ARGV: payload, expires (Unix s), range member or "".
// The range set lives at least as long as its newest answer.
inline constexpr const char* kStore = R"lua(
local left = tonumber(ARGV[2]) - tonumber(redis.call('TIME')[1])
if left <= 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', left)
if ARGV[3] ~= '' then
  redis.call('ZADD', KEYS[2], 0, ARGV[3])
  if redis.call('TTL', KEYS[2]) < left then redis.call('EXPIRE', KEYS[2], left) end
end
return 1
)lua";

// KEYS: ranges. ARGV: address (hex), answer key prefix, how many ranges to look at.
// Members are "START END KEY" in fixed-width hex, so that their order is the addresses' order.
// The range that holds the address and starts highest (then ends lowest) is the most specific;
// a range whose answer expired is dropped on the way.
inline constexpr const char* kCovering = R"lua(
local members = redis.call('ZREVRANGEBYLEX', KEYS[1], '[' .. ARGV[1] .. '~', '-',
                           'LIMIT', 0, tonumber(ARGV[3]))
local best, best_start, best_end, best_value
for _, m in ipairs(members) do
  local s, e, k = string.match(m, '^(%x+) (%x+) (.+)$')
  if s and #s == #ARGV[1] and #e == #ARGV[1] and e >= ARGV[1] then
    if best and s ~= best_start then break end
    if (not best) or e < best_end then
      local v = redis.call('GET', ARGV[2] .. k)
      if v then
        best, best_start, best_end, best_value = k, s, e, v
      else
        redis.call('ZREM', KEYS[1], m)
      end
    end
  end
end
if best then return {best, best_value, best_start, best_end} end
return false
)lua";

// The token bucket of one server, shared by every process using this Redis.
// KEYS: bucket, connection slots, hold-off. ARGV: tokens per ms, burst, connections at once,
// this permit's id, how long a slot is held at most (ms: a process that dies frees it then).
// Returns 0 when granted, else the milliseconds to wait before asking again.
inline constexpr const char* kAcquire = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hold = redis.call('PTTL', KEYS[3])
if hold > 0 then return hold end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
local keep = math.ceil(burst / rate) + 60000
if tokens >= 1 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], keep)
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[5]) + 60000)
  return 0
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], keep)
return math.max(1, math.ceil((1 - tokens) / rate))
)lua";

// KEYS: the claims this process still holds. ARGV: their new lifetime (ms).
inline constexpr const char* kRenew = R"lua(
for _, k in ipairs(KEYS) do redis.call('PEXPIRE', k, ARGV[1]) end
return #KEYS
)lua";

// KEYS: connection-slot sets; ARGV: the slot id held in each (same order), then the lease (ms).
// A slot still held is kept for another lease from now; one already given up is not re-added.
inline constexpr const char* kRenewSlots = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[#ARGV])
for i, k in ipairs(KEYS) do redis.call('ZADD', k, 'XX', now + lease, ARGV[i]) end
return #KEYS
)lua";

// A token handed back unused. KEYS: bucket. ARGV: burst.
inline constexpr const char* kRefund = R"lua(
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then
  redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1)))
end
return 1
)lua";

// KEYS: hold-off. ARGV: milliseconds. A longer hold-off is never shortened.
inline constexpr const char* kHoldOff = R"lua(
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
)lua";

// A result written and its stream entry acknowledged in one step, and only by the worker that
// holds the entry: one written by a worker that was thought dead (and whose entry another
// worker claimed) is dropped, so no entry is answered twice.
// KEYS: input stream, output stream. ARGV: group, consumer, entry id, then field/value pairs.
inline constexpr const char* kAnswer = R"lua(
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if #p == 0 or p[1][2] ~= ARGV[2] then return 0 end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], '*', unpack(fields))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
return 1
)lua";

} // namespace renraku::core::redis::scripts
