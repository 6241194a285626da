import type { Backend } from "../backend.js";
import { appChecks } from "./apps.js";
import { cleanupChecks } from "./cleanup.js";
import { concurrencyChecks } from "./concurrency.js";
import { expiryChecks } from "./expiry.js";
import { heldSessionChecks } from "./held.js";
import { lifecycleChecks } from "./lifecycle.js";
import { lockingChecks } from "./locking.js";
import { ownerPolicyChecks } from "./owners.js";
import { transferChecks } from "./transfer.js";

/** Registers every manager-level check: `createSessionManager` over the driver under test. */
export function managerChecks(backend: Backend): void {
  lifecycleChecks(backend);
  expiryChecks(backend);
  lockingChecks(backend);
  ownerPolicyChecks(backend);
  concurrencyChecks(backend);
  heldSessionChecks(backend);
  appChecks(backend);
  transferChecks(backend);
  cleanupChecks(backend);
}
