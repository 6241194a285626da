import { type LuaScript, luaScript } from "./lua.js";

/**
 * The scripts of one single-record operation: `one` runs it once, `many` runs it once per
 * operation of a batch, in order, in one EVALSHA. Both call the same Lua function `op`, so
 * the two can never drift apart.
 *
 * - `one`: KEYS = the record (and, for insert and compareAndSet, the new owner index);
 *   ARGV = prefix, then the operation's arguments. Replies 0 or 1.
 * - `many`: KEYS = every operation's keys, in order; ARGV = prefix, then per operation its
 *   key count (1 or 2) and its arguments. Replies one entry per operation: 0 or 1, or the
 *   error reply of an operation that failed.
 */
export interface OpScripts {
  /** The operation alone (what a lone call of a tick runs). */
  readonly one: LuaScript;
  /** The operation once per entry of a batch. */
  readonly many: LuaScript;
}

/** `op` defines `local function op(key, idx, ...)` taking `width` arguments after its two keys. */
function opScripts(name: string, op: string, width: number): OpScripts {
  const one = `${op}
return op(KEYS[1], KEYS[2], unpack(ARGV, 2, ${1 + width}))
`;
  // pcall: an operation that fails (a key of another type, a corrupt value) answers with its
  // own error reply, nested in the array (node-redis hands it over as the error object a
  // failing single script rejects with); those before it stay applied (as a failing single
  // script leaves its earlier writes), those after it still run.
  const many = `${op}
local out, k, a, last = {}, 1, 2, #ARGV
while a <= last do
  local n = tonumber(ARGV[a])
  local ok, r = pcall(op, KEYS[k], n == 2 and KEYS[k + 1] or nil, unpack(ARGV, a + 1, a + ${width}))
  if ok then out[#out + 1] = r else out[#out + 1] = asError(r) end
  k = k + n
  a = a + ${1 + width}
end
return out
`;
  return { one: luaScript(name, one), many: luaScript(`${name} (batch)`, many) };
}

/**
 * insert: keys record, new owner index (optional). Arguments: now, value, pxat ("0": the
 * record is already dead, store nothing), member. A live record wins (0); a dead one is
 * replaced and leaves its owner index.
 */
export const INSERT = opScripts(
  "insert",
  `local function op(key, idx, now, value, pxat, member)
  -- The common case, a free key, in one call; a key taken (by a live or a dead record, or by
  -- something that is no record) is read first.
  if pxat ~= '0' and redis.call('SET', key, value, 'NX', 'PXAT', pxat) then
    if idx then index(idx, pxat, member) end
    return 1
  end
  local v = headOf(key)
  if v then
    if expOf(v) > tonumber(now) then return 0 end
    unindex(v, member)
  end
  if pxat == '0' then
    redis.call('DEL', key)
    return 1
  end
  redis.call('SET', key, value, 'PXAT', pxat)
  if idx then index(idx, pxat, member) end
  return 1
end`,
  4,
);

/**
 * compareAndSet: keys record, new owner index (optional). Arguments: now, expected version,
 * value, pxat ("0": delete), member.
 */
export const COMPARE_AND_SET = opScripts(
  "compareAndSet",
  `local function op(key, idx, now, expected, value, pxat, member)
  local v = headOf(key)
  if not v or expOf(v) <= tonumber(now) or versionOf(v) ~= tonumber(expected) then return 0 end
  if pxat == '0' then
    redis.call('DEL', key)
    unindex(v, member)
    return 1
  end
  redis.call('SET', key, value, 'PXAT', pxat)
  local old, was = indexOf(v), math.ceil(expOf(v))
  if old and old ~= idx then drop(old, member, was) end
  if old ~= idx then
    if idx then index(idx, pxat, member) end
  -- Same owner, same deadline (a data update without an idle timeout): the index entry,
  -- scored with the rounded-up deadline by every write, is already right.
  elseif idx and was ~= tonumber(pxat) then
    index(idx, pxat, member, was)
  end
  return 1
end`,
  5,
);

/**
 * touch: key record. Arguments: now, expiresAt header field, pxat ("0": delete), member.
 * Rewrites only the 16-byte deadline in place (SETRANGE keeps the value, not the TTL:
 * PEXPIREAT follows).
 */
export const TOUCH = opScripts(
  "touch",
  `local function op(key, _, now, field, pxat, member)
  local v = headOf(key)
  if not v or expOf(v) <= tonumber(now) then return 0 end
  if pxat == '0' then
    redis.call('DEL', key)
    unindex(v, member)
    return 1
  end
  redis.call('SETRANGE', key, 0, field)
  redis.call('PEXPIREAT', key, pxat)
  local idx = indexOf(v)
  if idx then index(idx, pxat, member, math.ceil(expOf(v))) end
  return 1
end`,
  4,
);

/** delete: key record. Argument: member. Reads the record first to learn its owner index. */
export const DELETE = opScripts(
  "delete",
  `local function op(key, _, member)
  local v = headOf(key)
  if not v then return 0 end
  redis.call('DEL', key)
  unindex(v, member)
  return 1
end`,
  1,
);
