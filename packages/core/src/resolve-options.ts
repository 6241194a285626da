import type { ManagerContext } from "./context.js";
import { defineDriver } from "./define-driver.js";
import { parseDuration } from "./duration.js";
import { ConfigError } from "./errors.js";
import { EventHub } from "./events.js";
import { ExpiredMemory } from "./expired-memory.js";
import { guardDriver } from "./guarded-driver.js";
import { Keyspace } from "./keyspace.js";
import { checkedTokenFactory, generateToken, tokenDigest } from "./token.js";
import type { SessionManagerOptions } from "./types.js";

const DEFAULT_TTL = "24h";
const DEFAULT_MAX_DATA_BYTES = 1024 * 1024;
const DEFAULT_MAX_DATA_DEPTH = 64;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_ATTEMPT_WINDOW = "15m";
const DEFAULT_RENEWAL_THRESHOLD = 0.5;
const DEFAULT_CLOCK_TOLERANCE = "5m";

/** Checks every option and resolves defaults; throws `ConfigError` on anything invalid. */
export function resolveOptions<Data>(options: SessionManagerOptions<Data>): ManagerContext {
  if (options === null || typeof options !== "object") {
    throw new ConfigError("createSessionManager needs an options object with a driver");
  }
  const driver = guardDriver(defineDriver(options.driver));
  const ttlMs = parseDuration(options.ttl ?? DEFAULT_TTL, "ttl");
  const idleMs =
    options.idleTimeout === undefined
      ? undefined
      : parseDuration(options.idleTimeout, "idleTimeout");
  const clockTolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  // 0 is meaningful here: remove expired records at their deadline.
  const clockToleranceMs =
    clockTolerance === 0 ? 0 : parseDuration(clockTolerance, "clockTolerance");
  const renewalThreshold = options.renewal?.threshold ?? DEFAULT_RENEWAL_THRESHOLD;
  if (!(renewalThreshold >= 0 && renewalThreshold <= 1)) {
    throw new ConfigError("renewal.threshold must be between 0 and 1");
  }
  const uniquePerOwner = options.uniquePerOwner ?? false;
  const takeoverMs =
    uniquePerOwner === false ? undefined : parseTakeover(uniquePerOwner.takeoverAfter);
  const maxPerOwner = options.maxSessionsPerOwner;
  if (maxPerOwner !== undefined && !(Number.isSafeInteger(maxPerOwner) && maxPerOwner >= 1)) {
    throw new ConfigError("maxSessionsPerOwner must be a whole number of at least 1");
  }
  const maxBytes = positiveInteger(options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES, "maxDataBytes");
  const maxDepth = positiveInteger(options.maxDataDepth ?? DEFAULT_MAX_DATA_DEPTH, "maxDataDepth");
  const attemptsMax = positiveInteger(
    options.unlockAttempts?.max ?? DEFAULT_MAX_ATTEMPTS,
    "unlockAttempts.max",
  );
  const windowMs = parseDuration(
    options.unlockAttempts?.window ?? DEFAULT_ATTEMPT_WINDOW,
    "unlockAttempts.window",
  );
  if (options.idFactory !== undefined && typeof options.idFactory !== "function") {
    throw new ConfigError("idFactory must be a function returning a token");
  }
  if (
    options.validate !== undefined &&
    typeof options.validate?.["~standard"]?.validate !== "function"
  ) {
    throw new ConfigError(
      "validate must be a Standard Schema validator (zod, valibot, arktype...)",
    );
  }
  const events = new EventHub();
  if (options.onEvent) events.subscribe(options.onEvent);
  return {
    driver,
    keys: new Keyspace(options.app ?? "default", tokenDigest(options.tokenSecret), options.cipher),
    clock: options.clock ?? { now: Date.now },
    events,
    cipher: options.cipher,
    ttlMs,
    idleMs,
    clockToleranceMs,
    expired: new ExpiredMemory(clockToleranceMs),
    renewalThreshold,
    limits: { maxBytes, maxDepth },
    newToken: options.idFactory ? checkedTokenFactory(options.idFactory) : generateToken,
    attempts: { max: attemptsMax, windowMs },
    takeoverMs,
    maxPerOwner,
    requirePassword: options.requirePassword ?? false,
    validate: options.validate,
    reserved: new Set(),
  };
}

function parseTakeover(value: unknown): number {
  // 0 is meaningful here: a new login always takes over at once.
  if (value === 0) return 0;
  return parseDuration(value as never, "uniquePerOwner.takeoverAfter");
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a whole number of at least 1`);
  }
  return value;
}
