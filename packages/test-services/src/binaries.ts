import { execFileSync } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The command that installs every system binary the test servers need. */
export const INSTALL_COMMAND = "apt-get install -y redis-server postgresql";

function missing(what: string): Error {
  return new Error(
    `[test-services] ${what}. Install the servers with \`${INSTALL_COMMAND}\` ` +
      "(as root), or run `bash scripts/ensure-system-deps.sh` from the repository root.",
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of `redis-server`, searched on `PATH`.
 *
 * @param path the search path; defaults to `process.env.PATH`.
 * @throws Error naming the apt-get command to run when it is not installed.
 */
export function findRedisServer(path = process.env.PATH ?? ""): string {
  for (const dir of path.split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, "redis-server"))) return join(dir, "redis-server");
  }
  throw missing("redis-server was not found on PATH");
}

function hasServerBinaries(binDir: string): boolean {
  return ["initdb", "postgres"].every((name) => isExecutable(join(binDir, name)));
}

/** Where {@link findPostgresBinDir} looks; both have defaults. */
export interface PostgresBinDirOptions {
  /** `pg_config` executable to ask for `--bindir`; defaults to `"pg_config"` on PATH. */
  pgConfig?: string;
  /** Root of versioned installs (`<root>/<major>/bin`); defaults to `/usr/lib/postgresql`. */
  libRoot?: string;
}

/**
 * Directory holding the PostgreSQL server binaries (`initdb`, `postgres`): `pg_config --bindir`
 * when it has them, otherwise the newest `/usr/lib/postgresql/<major>/bin` that does.
 *
 * @throws Error naming the apt-get command to run when no server install is found.
 */
export function findPostgresBinDir(options: PostgresBinDirOptions = {}): string {
  try {
    const binDir = execFileSync(options.pgConfig ?? "pg_config", ["--bindir"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (hasServerBinaries(binDir)) return binDir;
  } catch {
    // no pg_config (client-only installs often lack it): fall back to the versioned dirs
  }
  const libRoot = options.libRoot ?? "/usr/lib/postgresql";
  let versions: string[] = [];
  try {
    versions = readdirSync(libRoot).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    // no such directory
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const binDir = join(libRoot, version, "bin");
    if (hasServerBinaries(binDir)) return binDir;
  }
  throw missing(
    `the PostgreSQL server binaries (initdb, postgres) were found neither via \`pg_config --bindir\` nor under ${libRoot}/*/bin`,
  );
}
