/** The playground's start options: `pnpm playground --driver json --unique-per-owner`. */

import { parseArgs } from "node:util";
import { type Duration, parseDuration } from "@sessions/core";
import { type DriverSpec, parseDriverSpec } from "../drivers/registry.js";
import { UsageError } from "../usage-error.js";

/** Everything the web app is started with. */
export interface ServerOptions {
  /** The store. Default `sqlite` (a file under the app's data folder). */
  readonly driver: DriverSpec;
  /** TCP port on 127.0.0.1; `0` picks a free one. Default `PORT` or 3000. */
  readonly port: number;
  /** Seal owners and payloads at rest. Default on. */
  readonly encryption: boolean;
  /** One session per owner with this takeover window, or `null` (several sessions per owner). */
  readonly takeoverAfter: Duration | null;
  /** Absolute session lifetime. Default `"2h"`. */
  readonly ttl: Duration;
  /** Idle window. Default `"30m"`. */
  readonly idleTimeout: Duration;
}

/** Default port when neither `--port` nor `PORT` is given. */
export const DEFAULT_PORT = 3000;

/** The text of `pnpm playground --help`. */
export const SERVER_USAGE = `usage: pnpm playground [options]
  --driver <spec>           memory | sqlite[:file] | json[:file] | csv[:file] | postgres[:URL] | redis[:URL] | mongo[:URL]
                            (default sqlite: apps/playground/data/sessions.db)
  --port <n>                port on 127.0.0.1 (default: PORT or ${DEFAULT_PORT})
  --encryption on|off       seal owners and data at rest (default on)
  --unique-per-owner        one live session per owner; a second sign-in is refused (OwnerBusy)
  --takeover-after <time>   ...until the first session is this old, then it is taken over (default 1m; implies --unique-per-owner)
  --ttl <time>              absolute lifetime (default 2h)
  --idle <time>             idle timeout (default 30m)
pnpm playground cli --help  the command line`;

/** Parses the start options; throws {@link UsageError} with one line on a mistake. */
export function parseServerOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServerOptions {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  const unique = values["unique-per-owner"] === true || values["takeover-after"] !== undefined;
  return {
    driver: parseDriverSpec(values.driver ?? "sqlite", env),
    port: parsePort(values.port ?? env.PORT ?? String(DEFAULT_PORT)),
    encryption: parseSwitch(values.encryption ?? "on", "--encryption"),
    takeoverAfter: unique
      ? checkDuration(values["takeover-after"] ?? "1m", "--takeover-after")
      : null,
    ttl: checkDuration(values.ttl ?? "2h", "--ttl"),
    idleTimeout: checkDuration(values.idle ?? "30m", "--idle"),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      driver: { type: "string" },
      port: { type: "string" },
      encryption: { type: "string" },
      "unique-per-owner": { type: "boolean" },
      "takeover-after": { type: "string" },
      ttl: { type: "string" },
      idle: { type: "string" },
    },
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`bad port "${text}": 0 to 65535`);
  return port;
}

function parseSwitch(text: string, name: string): boolean {
  if (text === "on" || text === "off") return text === "on";
  throw new UsageError(`${name} must be on or off`);
}

/** Validates a duration the way core will read it, so a typo fails before the server starts. */
export function checkDuration(text: string, name: string): Duration {
  // A bare number is milliseconds, as in core.
  const duration = (/^\d+$/.test(text) ? Number(text) : text) as Duration;
  try {
    parseDuration(duration, name);
  } catch {
    throw new UsageError(`bad ${name} "${text}": use ms or a duration such as 90s, 30m, 2h`);
  }
  return duration;
}
