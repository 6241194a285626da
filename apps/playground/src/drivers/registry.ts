/**
 * Driver specs (`memory`, `sqlite:sessions.db`, `json:backup.json`, `postgres:postgres://…`):
 * parsing, display and opening, on top of the entries in `entries.ts`.
 */

import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SessionDriver } from "@sessions/core";
import { DATA_DIR, resolveUserPath } from "../paths.js";
import { UsageError } from "../usage-error.js";
import { DRIVER_ENTRIES, type DriverEntry } from "./entries.js";

/** A parsed driver spec: which driver and its resolved path or validated URL. */
export interface DriverSpec {
  /** The entry's kind (`"sqlite"`). */
  readonly kind: string;
  /** Absolute file path, server URL, or `null` for the memory driver. */
  readonly target: string | null;
}

/** How {@link openDriver} treats a file that is not there yet. */
export interface OpenOptions {
  /** A source must exist and be readable (the drivers would otherwise create an empty store). */
  readonly mustExist?: boolean;
}

const KIND_LIST = DRIVER_ENTRIES.map((entry) => entry.kind).join(", ");

/** The entry of a kind, or `undefined`. */
export function driverEntry(kind: string): DriverEntry | undefined {
  return DRIVER_ENTRIES.find((entry) => entry.kind === kind);
}

/** Kinds usable here: memory, json, csv, sqlite, plus every server whose URL variable is set. */
export function availableDrivers(env: NodeJS.ProcessEnv = process.env): DriverEntry[] {
  return DRIVER_ENTRIES.filter((entry) => !entry.env || Boolean(env[entry.env]));
}

/**
 * Parses `kind`, `kind:path` or `kind:URL`; a bare server URL (`redis://…`) also works. A path
 * kind without a path uses its file under the app's data folder; a URL kind without a URL reads
 * its environment variable. Throws {@link UsageError} with one line on any mistake.
 */
export function parseDriverSpec(text: string, env: NodeJS.ProcessEnv = process.env): DriverSpec {
  const input = text.trim();
  const bareUrl = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(input);
  if (bareUrl) {
    const protocol = bareUrl[1]!.toLowerCase();
    const entry = DRIVER_ENTRIES.find((candidate) => candidate.protocols?.includes(protocol));
    if (!entry)
      throw new UsageError(`unknown driver URL scheme "${protocol}//"; use one of ${KIND_LIST}`);
    return { kind: entry.kind, target: checkUrl(entry, input) };
  }
  const colon = input.indexOf(":");
  const kind = colon < 0 ? input : input.slice(0, colon);
  const rest = colon < 0 ? "" : input.slice(colon + 1);
  const entry = driverEntry(kind);
  if (!entry) throw new UsageError(`unknown driver "${clip(kind)}"; use one of ${KIND_LIST}`);
  switch (entry.target) {
    case "none":
      if (rest) throw new UsageError(`${kind} takes no path or URL (write just "${kind}")`);
      return { kind, target: null };
    case "path":
      return {
        kind,
        target: rest ? resolveUserPath(rest) : join(DATA_DIR, entry.defaultFile ?? `${kind}.db`),
      };
    case "url": {
      const url = rest || (entry.env ? env[entry.env] : undefined);
      if (!url) {
        throw new UsageError(`${kind} needs a URL: ${kind}:<URL>, or set ${entry.env}`);
      }
      return { kind, target: checkUrl(entry, url) };
    }
  }
}

/** The spec as text for screens and logs: `sqlite:/abs/path`, or the URL with its password masked. */
export function describeSpec(spec: DriverSpec): string {
  if (spec.target === null) return spec.kind;
  if (driverEntry(spec.kind)?.target !== "url") return `${spec.kind}:${spec.target}`;
  const url = new URL(spec.target);
  if (url.password) url.password = "***";
  return url.href;
}

/**
 * Opens the driver of a spec and makes one call (`count`), so a missing server, a file that is
 * not a store or a bad URL fails here, with one line, instead of at the first request.
 */
export async function openDriver(
  spec: DriverSpec,
  options: OpenOptions = {},
): Promise<SessionDriver> {
  const entry = driverEntry(spec.kind);
  if (!entry) throw new UsageError(`unknown driver "${clip(spec.kind)}"; use one of ${KIND_LIST}`);
  if (entry.target === "path") preparePath(spec.target!, options.mustExist ?? false);
  let driver: SessionDriver;
  try {
    driver = await entry.open(spec.target);
  } catch (error) {
    throw new UsageError(`cannot open ${describeSpec(spec)}: ${reason(error)}`);
  }
  try {
    await driver.count(Date.now());
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw new UsageError(`cannot open ${describeSpec(spec)}: ${reason(error)}`);
  }
  return driver;
}

function preparePath(path: string, mustExist: boolean): void {
  if (mustExist) {
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file, or not readable`);
    }
    if (!statSync(path).isFile()) throw new UsageError(`cannot read ${path}: not a file`);
    return;
  }
  const folder = dirname(path);
  // Only the app's own data folder is created on demand; a typo elsewhere should be reported.
  if (folder === DATA_DIR) mkdirSync(folder, { recursive: true });
  else if (!existsSync(folder)) throw new UsageError(`cannot write ${path}: no folder ${folder}`);
}

function checkUrl(entry: DriverEntry, text: string): string {
  const schemes = entry.protocols?.map((protocol) => `${protocol}//`).join(" or ");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad URL for ${entry.kind}: not a URL (it must start with ${schemes})`);
  }
  if (!entry.protocols?.includes(url.protocol)) {
    throw new UsageError(`bad URL for ${entry.kind}: it must start with ${schemes}`);
  }
  if (!url.hostname) throw new UsageError(`bad URL for ${entry.kind}: no host`);
  return text;
}

/** The first line of an error's message: drivers' messages never hold tokens or data. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/\/\/([^:@/]*):[^@/]*@/g, "//$1:***@");
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Makes a store written by a command complete on disk: the file drivers journal recent writes
 * beside the readable file, and a backup file should stand alone, so their journal is folded in.
 */
export async function settleDriver(driver: SessionDriver): Promise<void> {
  const compact = (driver as { compact?: unknown }).compact;
  if (typeof compact === "function") await (compact as () => Promise<void>).call(driver);
}
