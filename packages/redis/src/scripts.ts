import { luaScript } from "./lua.js";

// Scripts over many keys of one owner or one SCAN batch. The single-record operations
// (insert, compareAndSet, touch, delete) and their batch variants are in op-scripts.ts.

/**
 * listByOwner: KEYS[1] owner index. ARGV: prefix, now, record key prefix.
 * Prunes dead members first, then members whose record is gone or moved to another owner;
 * returns [member, value, member, value, …].
 */
export const LIST_BY_OWNER = luaScript(
  "listByOwner",
  `
local removed = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, m in ipairs(members) do
  local v = redis.call('GET', ARGV[3] .. m)
  if v and indexOf(v) == KEYS[1] then
    out[#out + 1] = m
    out[#out + 1] = v
  else
    redis.call('ZREM', KEYS[1], m)
    removed = removed + 1
  end
end
if removed > 0 then reexpire(KEYS[1]) end
return out
`,
);

/** deleteByOwner: KEYS[1] owner index. ARGV: prefix, record key prefix. Returns how many records. */
export const DELETE_BY_OWNER = luaScript(
  "deleteByOwner",
  `
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local n = 0
for _, m in ipairs(members) do
  local k = ARGV[2] .. m
  local v = headOf(k)
  if v and indexOf(v) == KEYS[1] then
    redis.call('DEL', k)
    n = n + 1
  end
end
redis.call('DEL', KEYS[1])
return n
`,
);

/**
 * deleteExpired, one SCAN batch: KEYS = record keys, then owner index keys.
 * ARGV: prefix, now, record key prefix, limit, number of record keys.
 * Deletes dead records (at most `limit`) with their index members, and prunes dead members
 * of the given indexes. Returns how many records were deleted.
 */
export const DELETE_EXPIRED = luaScript(
  "deleteExpired",
  `
local now = tonumber(ARGV[2])
local limit = tonumber(ARGV[4])
local records = tonumber(ARGV[5])
local skip = #ARGV[3]
local n = 0
for i = 1, records do
  if n >= limit then break end
  local k = KEYS[i]
  local v = headOf(k)
  if v and expOf(v) <= now then
    redis.call('DEL', k)
    local idx = unindex(v, string.sub(k, skip + 1))
    if idx then redis.call('ZREMRANGEBYSCORE', idx, '-inf', ARGV[2]) end
    n = n + 1
  end
end
for i = records + 1, #KEYS do
  if redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[2]) > 0 then reexpire(KEYS[i]) end
end
return n
`,
);

/** count, one SCAN batch: KEYS = record keys. ARGV: prefix, now. Reads only the 16-byte deadlines. */
export const COUNT_LIVE = luaScript(
  "count",
  `
local now = tonumber(ARGV[2])
local n = 0
for _, k in ipairs(KEYS) do
  local h = redis.call('GETRANGE', k, 0, 15)
  if h ~= '' and tonumber(h) > now then n = n + 1 end
end
return n
`,
);
