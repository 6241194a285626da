import type { ManagerContext } from "./context.js";
import { ConfigError, ReservedKeyError, SerializationError } from "./errors.js";
import type { JsonValue, ReservedKeyWriter } from "./types.js";

const KEY_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$.-]{0,63}$/;

type DataRecord = Record<string, unknown>;

function isRecord(value: unknown): value is DataRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Throws `ReservedKeyError` when `next` changes a reserved top-level key of `previous`. */
export function assertReservedUnchanged(
  reserved: Set<string>,
  previous: unknown,
  next: unknown,
): void {
  const before = isRecord(previous) ? previous : {};
  const after = isRecord(next) ? next : {};
  for (const key of reserved) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had !== has || (had && JSON.stringify(before[key]) !== JSON.stringify(after[key]))) {
      throw new ReservedKeyError(key);
    }
  }
}

/** How a writer reads and writes the data (the manager's own paths, bypassing the check). */
export interface ReservedKeyAccess {
  read(id: string): Promise<unknown>;
  write(id: string, next: (previous: unknown) => unknown): Promise<{ version: number }>;
}

/** Registers `key` as reserved on the manager and returns its writer. */
export function createReservedKeyWriter<Value extends JsonValue>(
  ctx: ManagerContext,
  key: string,
  access: ReservedKeyAccess,
): ReservedKeyWriter<Value> {
  if (typeof key !== "string" || !KEY_PATTERN.test(key) || key === "__proto__") {
    throw new ConfigError("a reserved key must be an identifier-like string of 1 to 64 characters");
  }
  if (ctx.reserved.has(key)) throw new ConfigError(`data key "${key}" is already reserved`);
  ctx.reserved.add(key);
  const asRecord = (data: unknown): DataRecord => {
    if (data === undefined || data === null) return {};
    if (!isRecord(data))
      throw new SerializationError("reserved keys need the session data to be an object");
    return data;
  };
  return {
    key,
    async get(id) {
      const data = asRecord(await access.read(id));
      return Object.hasOwn(data, key) ? (data[key] as Value) : undefined;
    },
    async set(id, value) {
      const written = await access.write(id, (previous) => {
        const data = asRecord(previous);
        const current = Object.hasOwn(data, key) ? (data[key] as Value) : undefined;
        const next = typeof value === "function" ? value(current) : value;
        // Spread + computed key defines an own property: safe even for odd key names.
        return { ...data, [key]: next };
      });
      return written.version;
    },
    async delete(id) {
      await access.write(id, (previous) => {
        const { [key]: _removed, ...rest } = asRecord(previous);
        return rest;
      });
    },
  };
}
