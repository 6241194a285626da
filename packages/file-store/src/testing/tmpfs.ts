import { execFileSync } from "node:child_process";
import { statfsSync } from "node:fs";

/**
 * Mounts a tmpfs of `size` (e.g. `"4m"`) on `dir`: a real file system that fills up and
 * answers ENOSPC. Needs root (CI and the dev container run as root); `false` when not allowed.
 */
export function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

/** Unmounts what {@link mountTmpfs} mounted. */
export function unmount(dir: string): void {
  execFileSync("umount", [dir]);
}

/** Bytes still free for an unprivileged write on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const stat = statfsSync(dir);
  return stat.bavail * stat.bsize;
}
