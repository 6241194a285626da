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
-- What pcall caught, as an error reply to nest in a batch's reply array: a redis.call error
-- comes as a table { err = message } or a string, a Lua runtime error as a string.
local function asError(e)
  if type(e) == 'table' then return e end
  return redis.error_reply(tostring(e))
end
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
-- Removes member, whose score is its record's rounded-up deadline: only when it was later
-- than every member left can the index's expiry move (down to the latest one left).
local function drop(idx, member, score)
  if redis.call('ZREM', idx, member) == 0 then return end
  local top = redis.call('ZRANGE', idx, -1, -1, 'WITHSCORES')
  if top[2] and tonumber(top[2]) < score then redis.call('PEXPIREAT', idx, top[2]) end
end
local function unindex(v, member)
  local idx = indexOf(v)
  if idx then drop(idx, member, math.ceil(expOf(v))) end
  return idx
end
-- Scores member with its record's rounded-up deadline; was: its score before, nil when it was
-- not a member. A score that did not drop can only raise the latest one: PEXPIREAT GT does
-- that in one call (GT counts a key without expiry as never expiring: NX covers the index
-- ZADD just created). A score that dropped may have been the latest: read the new one.
local function index(idx, score, member, was)
  redis.call('ZADD', idx, score, member)
  if was and tonumber(score) < was then return reexpire(idx) end
  if redis.call('PEXPIREAT', idx, score, 'GT') == 0 then redis.call('PEXPIREAT', idx, score, 'NX') end
end
`;

/** A script named `name`: the shared helpers (record header, owner index), then `source`. */
export function luaScript(name: string, source: string): LuaScript {
  const body = PRELUDE + source;
  return { name, body, sha: createHash("sha1").update(body).digest("hex") };
}
