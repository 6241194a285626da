/** `sessions list`: every live session of the playground's app, one per line. */

import type { SessionInfo } from "@sessions/core";
import { formatDuration, formatTime } from "../../server/views/format.js";
import type { Command } from "../command.js";
import { parseCommandArgs } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";

/** Lists sessions page by page (`limit` each), so a large store never sits in memory at once. */
export const listCommand: Command = {
  name: "list",
  usage: `list ${STORE_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    await withStore(values, { mustExist: true }, async ({ manager }) => {
      io.out(
        [
          "handle".padEnd(43),
          "status",
          "created".padEnd(23),
          "expires in".padEnd(12),
          "owner",
        ].join("  "),
      );
      let cursor: string | undefined;
      let count = 0;
      do {
        const page = await manager.list({ ...(cursor ? { cursor } : {}), limit: 500 });
        for (const info of page.sessions) io.out(row(info));
        count += page.sessions.length;
        cursor = page.cursor;
      } while (cursor !== undefined);
      io.err(`${count} session${count === 1 ? "" : "s"}`);
    });
  },
};

function row(info: SessionInfo): string {
  return [
    info.handle,
    info.status.padEnd(6),
    formatTime(info.createdAt),
    formatDuration(info.expiresAt - Date.now()).padEnd(12),
    info.owner ?? "-",
  ].join("  ");
}
