/** `sessions show <handle>`: one session's listing view and its record as stored. */

import { formatDuration, formatTime } from "../../server/views/format.js";
import { UsageError } from "../../usage-error.js";
import type { Command } from "../command.js";
import { parseCommandArgs } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";

/** A public handle: 43 characters of base64url (it may begin with `-`). */
const HANDLE = /^[A-Za-z0-9_-]{43}$/;

/** Largest part of a stored payload printed (it may be a megabyte). */
const PAYLOAD_PREVIEW = 300;

/** Shows a session by its public handle (as `list` prints it). */
export const showCommand: Command = {
  name: "show",
  usage: `show <handle> ${STORE_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      STORE_OPTIONS,
      { min: 1, max: 1 },
      HANDLE,
    );
    const handle = positionals[0]!;
    if (!HANDLE.test(handle)) {
      throw new UsageError(
        "not a session handle: 43 characters of A-Z a-z 0-9 _ - (see sessions list)",
      );
    }
    await withStore(values, { mustExist: true }, async ({ manager, driver }) => {
      const info = await manager.inspect(handle);
      if (!info) throw new UsageError("no live session with that handle");
      const stored = await driver.get(`${manager.app}:s:${handle}`, Date.now());
      const payload = stored?.payload ?? "";
      const lines: [string, string][] = [
        ["handle", info.handle],
        ["owner", info.owner ?? "-"],
        ["status", info.status],
        ["created", formatTime(info.createdAt)],
        ["last seen", formatTime(info.lastSeenAt)],
        [
          "expires in",
          `${formatDuration(info.expiresAt - Date.now())} (${formatTime(info.expiresAt)})`,
        ],
        ["absolute end", formatTime(info.absoluteExpiresAt)],
        ["version", String(info.version)],
        ["meta", JSON.stringify(info.meta)],
        ["stored key", stored?.key ?? "-"],
        ["stored owner", String(stored?.owner ?? "-")],
        [
          "stored payload",
          payload.length > PAYLOAD_PREVIEW
            ? `${payload.slice(0, PAYLOAD_PREVIEW)}… (${payload.length} characters)`
            : payload,
        ],
      ];
      for (const [name, value] of lines) io.out(`${name.padEnd(15)}${value}`);
    });
  },
};
