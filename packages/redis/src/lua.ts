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

/** A script named `name`: the shared helpers (record header, owner index), then `source`. */
export function luaScript(name: string, source: string): LuaScript {
  const body = PRELUDE + source;
  return { name, body, sha: createHash("sha1").update(body).digest("hex") };
}
