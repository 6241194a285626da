/** Where the playground keeps its files, and how user-given paths are resolved. */

import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The app's own folder (`apps/playground`), whether running from `dist/` or `src/`. */
export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The embedded stores and the generated demo key: `apps/playground/data/` (gitignored). */
export const DATA_DIR = join(APP_ROOT, "data");

/**
 * Resolves a path typed by the user. `pnpm --filter` runs scripts inside the app folder, so a
 * relative path is taken from the directory the user ran pnpm in (`INIT_CWD`), as they expect.
 */
export function resolveUserPath(
  path: string,
  base = process.env.INIT_CWD ?? process.cwd(),
): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
