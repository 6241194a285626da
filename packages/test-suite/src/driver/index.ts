import type { Backend } from "../backend.js";
import { closeChecks } from "./close.js";
import { compareAndSetChecks } from "./compare-and-set.js";
import { deleteExpiredChecks } from "./delete-expired.js";
import { existsChecks } from "./exists.js";
import { insertChecks } from "./insert.js";
import { namespaceChecks } from "./namespaces.js";
import { ownerChecks } from "./owners.js";
import { payloadChecks } from "./payloads.js";
import { readChecks } from "./reads.js";
import { sameTickChecks } from "./same-tick.js";
import { scanChecks } from "./scan.js";
import { shapeChecks } from "./shape.js";

/** Registers every driver-level check: the raw contract, record by record. */
export function driverChecks(backend: Backend): void {
  shapeChecks(backend);
  payloadChecks(backend);
  readChecks(backend);
  existsChecks(backend);
  insertChecks(backend);
  compareAndSetChecks(backend);
  sameTickChecks(backend);
  ownerChecks(backend);
  deleteExpiredChecks(backend);
  scanChecks(backend);
  namespaceChecks(backend);
  closeChecks(backend);
}
