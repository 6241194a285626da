import {
  CONTRACT_VERSION,
  driverMethods,
  optionalDriverMethods,
  type SessionDriver,
} from "./contract.js";
import { ConfigError } from "./errors.js";

/**
 * Checks that `driver` honours the driver contract (version, name, capabilities, methods) and
 * returns it unchanged. Drivers call it on the object they build; core calls it again on the
 * driver it is given, so a mismatch fails at construction, not on the first request.
 */
export function defineDriver<T extends SessionDriver>(driver: T): T {
  if (driver === null || typeof driver !== "object") {
    throw new ConfigError("a driver must be an object");
  }
  const candidate = driver as Partial<SessionDriver> & Record<string, unknown>;
  if (candidate.contract !== CONTRACT_VERSION) {
    throw new ConfigError(
      `driver contract ${String(candidate.contract)} is not supported; @sessions/core speaks contract ${CONTRACT_VERSION}`,
    );
  }
  if (typeof candidate.name !== "string" || candidate.name.length === 0) {
    throw new ConfigError("a driver must have a non-empty name");
  }
  const capabilities = candidate.capabilities;
  if (
    capabilities === null ||
    typeof capabilities !== "object" ||
    typeof capabilities.nativeTtl !== "boolean" ||
    typeof capabilities.crossProcess !== "boolean"
  ) {
    throw new ConfigError(
      `driver "${candidate.name}" must declare capabilities { nativeTtl, crossProcess }`,
    );
  }
  const missing = driverMethods.filter((method) => typeof candidate[method] !== "function");
  if (missing.length > 0) {
    throw new ConfigError(`driver "${candidate.name}" lacks ${missing.join(", ")}`);
  }
  const malformed = optionalDriverMethods.filter(
    (method) => candidate[method] !== undefined && typeof candidate[method] !== "function",
  );
  if (malformed.length > 0) {
    throw new ConfigError(
      `driver "${candidate.name}" has ${malformed.join(", ")} that is not a function`,
    );
  }
  return driver;
}
