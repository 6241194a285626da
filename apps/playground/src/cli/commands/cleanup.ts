/** `sessions cleanup`: removes the app's expired records now. */

import type { Command } from "../command.js";
import { parseCommandArgs } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";

/** Sweeps expired records in batches (core's `cleanup`). */
export const cleanupCommand: Command = {
  name: "cleanup",
  usage: `cleanup ${STORE_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    await withStore(values, { mustExist: true }, async ({ manager }) => {
      const { removed } = await manager.cleanup();
      io.out(`removed ${removed} expired record${removed === 1 ? "" : "s"}`);
    });
  },
};
