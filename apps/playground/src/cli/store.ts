/** Opening the playground's session store from the shared `--driver/--encryption/--app` options. */

import type { SessionDriver, SessionManager } from "@sessions/core";
import { type DriverSpec, openDriver, parseDriverSpec } from "../drivers/registry.js";
import { playgroundCipher } from "../encryption.js";
import { type CartData, createPlaygroundManager } from "../manager.js";
import { UsageError } from "../usage-error.js";

/** Options every store command accepts. */
export const STORE_OPTIONS = {
  driver: { type: "string" },
  encryption: { type: "string" },
  app: { type: "string" },
} as const;

/** Values of {@link STORE_OPTIONS}. */
export interface StoreValues {
  readonly driver?: string | undefined;
  readonly encryption?: string | undefined;
  readonly app?: string | undefined;
}

/** An opened store: its manager (which closes the driver) and the raw driver. */
export interface OpenStore {
  readonly manager: SessionManager<CartData>;
  readonly driver: SessionDriver;
  readonly spec: DriverSpec;
}

/** How command usages refer to the store options. */
export const STORE_USAGE = "[store options]";

/** The store options, explained once in `--help`. */
export const STORE_OPTIONS_HELP =
  "store options: --driver <spec> (default sqlite: apps/playground/data/sessions.db), --encryption on|off (default on), --app <name>";

/**
 * Opens `spec` (default: the `--driver` value or the playground's SQLite file) under the
 * playground's manager settings. `mustExist`: a file store must already be there.
 */
export async function openStore(
  values: StoreValues,
  options: { spec?: string; mustExist: boolean },
): Promise<OpenStore> {
  const spec = parseDriverSpec(options.spec ?? values.driver ?? "sqlite");
  const encryption = values.encryption ?? "on";
  if (encryption !== "on" && encryption !== "off")
    throw new UsageError("--encryption must be on or off");
  if (values.app !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values.app)) {
    throw new UsageError("--app must be 1 to 64 characters of A-Z a-z 0-9 _ -");
  }
  const driver = await openDriver(spec, { mustExist: options.mustExist });
  const manager = createPlaygroundManager({
    driver,
    cipher: encryption === "on" ? playgroundCipher() : null,
    app: values.app,
  });
  return { manager, driver, spec };
}

/** Opens a store, runs `work` on it and always closes it. */
export async function withStore<T>(
  values: StoreValues,
  options: { spec?: string; mustExist: boolean },
  work: (store: OpenStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(values, options);
  try {
    return await work(store);
  } finally {
    await store.manager.close();
  }
}
