import { createHash } from "node:crypto";

/** A Lua script run with EVALSHA; `sha` is computed locally, so no round trip is needed to learn it. */
export interface LuaScript {
  /** Short name, used in error messages. */
  readonly name: string;
  /** Full Lua source (prelude included), sent with SCRIPT LOAD after a NOSCRIPT reply. */
  readonly body: string;
  /** SHA-1 of `body`, as Redis names it. */
  readonly sha: string;
}

// Shared helpers. ARGV[1] is always the key prefix, so owner index keys can be derived from a
// stored value (see record-codec.ts for the value layout; Lua strings are 1-based).
const PRELUDE = `
local base = ARGV[1]
local function expOf(v) return tonumber(string.sub(v, 1, 16)) end
local function fields(v)
  local a = string.find(v, ',', 19, true)
  local b = string.find(v, ',', a + 1, true)
  local c = string.find(v, ',', b + 1, true)
  local d = string.find(v, ',', c + 1, true)
  return a, b, c, d
end
local function versionOf(v)
  local a, b = fields(v)
  return tonumber(string.sub(v, a + 1, b - 1))
end
-- A record's header and owner only (what every script but listByOwner needs), without
-- copying the payload into Lua: '' (a missing key) becomes nil.
local function headOf(key)
  local v = redis.call('GETRANGE', key, 0, 255)
  if v == '' then return nil end
  local a, b, c, d = fields(v)
  local stop = d + tonumber(string.sub(v, c + 1, d - 1))
  if stop > #v then v = redis.call('GETRANGE', key, 0, stop - 1) end
  return v
end
local function indexOf(v)
  local form = string.sub(v, 17, 17)
  if form == '-' then return nil end
  local a, b, c, d = fields(v)
  local n = tonumber(string.sub(v, c + 1, d - 1))
  return base .. form .. ':' .. string.sub(v, d + 1, d + n)
end
-- The index expires with its latest session: it never outlives them. Redis itself deletes
-- a sorted set whose last member is removed.
local function reexpire(idx)
  local top = redis.call('ZRANGE', idx, -1, -1, 'WITHSCORES')
  if top[2] then redis.call('PEXPIREAT', idx, top[2]) end
end
local function unindex(v, member)
  local idx = indexOf(v)
  if idx then
    redis.call('ZREM', idx, member)
    -- The index expires with its latest member (every write keeps that so), and the removed
    -- member's score is its record's rounded-up deadline: only when it was the latest can
    -- the expiry move. -2: the set emptied and Redis deleted it.
    local t = redis.call('PEXPIRETIME', idx)
    if t == -1 or (t >= 0 and math.ceil(expOf(v)) >= t) then reexpire(idx) end
  end
  return idx
end
local function index(idx, score, member)
  redis.call('ZADD', idx, score, member)
  reexpire(idx)
end
`;

function script(name: string, source: string): LuaScript {
  const body = PRELUDE + source;
  return { name, body, sha: createHash("sha1").update(body).digest("hex") };
}

/**
 * insert: KEYS[1] record, KEYS[2] new owner index (optional).
 * ARGV: prefix, now, value, pxat ("0": the record is already dead, store nothing), member.
 * A live record wins (0); a dead one is replaced and leaves its owner index.
 */
export const INSERT = script(
  "insert",
  `
local v = headOf(KEYS[1])
if v then
  if expOf(v) > tonumber(ARGV[2]) then return 0 end
  unindex(v, ARGV[5])
end
if ARGV[4] == '0' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('SET', KEYS[1], ARGV[3], 'PXAT', ARGV[4])
if KEYS[2] then index(KEYS[2], ARGV[4], ARGV[5]) end
return 1
`,
);

/**
 * compareAndSet: KEYS[1] record, KEYS[2] new owner index (optional).
 * ARGV: prefix, now, expected version, value, pxat ("0": delete), member.
 */
export const COMPARE_AND_SET = script(
  "compareAndSet",
  `
local v = headOf(KEYS[1])
if not v or expOf(v) <= tonumber(ARGV[2]) or versionOf(v) ~= tonumber(ARGV[3]) then return 0 end
if ARGV[5] == '0' then
  redis.call('DEL', KEYS[1])
  unindex(v, ARGV[6])
  return 1
end
redis.call('SET', KEYS[1], ARGV[4], 'PXAT', ARGV[5])
local old = indexOf(v)
if old and old ~= KEYS[2] then
  redis.call('ZREM', old, ARGV[6])
  reexpire(old)
end
-- Same owner, same deadline (a data update without an idle timeout): the index entry, scored
-- with the rounded-up deadline by every write, is already right.
if KEYS[2] and not (old == KEYS[2] and math.ceil(expOf(v)) == tonumber(ARGV[5])) then
  index(KEYS[2], ARGV[5], ARGV[6])
end
return 1
`,
);

/**
 * touch: KEYS[1] record. ARGV: prefix, now, expiresAt header field, pxat ("0": delete), member.
 * Rewrites only the 16-byte deadline in place (SETRANGE keeps the value, not the TTL: PEXPIREAT follows).
 */
export const TOUCH = script(
  "touch",
  `
local v = headOf(KEYS[1])
if not v or expOf(v) <= tonumber(ARGV[2]) then return 0 end
if ARGV[4] == '0' then
  redis.call('DEL', KEYS[1])
  unindex(v, ARGV[5])
  return 1
end
redis.call('SETRANGE', KEYS[1], 0, ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
local idx = indexOf(v)
if idx then index(idx, ARGV[4], ARGV[5]) end
return 1
`,
);

/** delete: KEYS[1] record. ARGV: prefix, member. */
export const DELETE = script(
  "delete",
  `
local v = headOf(KEYS[1])
if not v then return 0 end
redis.call('DEL', KEYS[1])
unindex(v, ARGV[2])
return 1
`,
);

/**
 * listByOwner: KEYS[1] owner index. ARGV: prefix, now, record key prefix.
 * Prunes dead members first, then members whose record is gone or moved to another owner;
 * returns [member, value, member, value, …].
 */
export const LIST_BY_OWNER = script(
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
export const DELETE_BY_OWNER = script(
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
export const DELETE_EXPIRED = script(
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
export const COUNT_LIVE = script(
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
