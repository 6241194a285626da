/** `sessions migrate --from sqlite:sessions.db --to postgres:$URL`: a raw copy of a whole store. */

import { migrate } from "@sessions/core";
import { openDriver, parseDriverSpec, settleDriver } from "../../drivers/registry.js";
import { UsageError } from "../../usage-error.js";
import type { Command } from "../command.js";
import { parseCommandArgs, required } from "../command.js";
import { Progress } from "../progress.js";
import { assertDistinct, DUPLICATE_OPTION, duplicatePolicy, summary } from "../transfer.js";

/**
 * Streams every live record of every app, exactly as stored (keys, owners, payloads, times,
 * versions; sealed records stay sealed), with core's `migrate`. Expired records are dropped.
 */
export const migrateCommand: Command = {
  name: "migrate",
  usage:
    "migrate --from <spec> --to <spec> [--on-duplicate skip|overwrite|fail] [--batch-size <n>]",
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...DUPLICATE_OPTION,
      from: { type: "string" },
      to: { type: "string" },
      "batch-size": { type: "string" },
    });
    const fromSpec = parseDriverSpec(required(values.from, "from"));
    const toSpec = parseDriverSpec(required(values.to, "to"));
    const onDuplicate = duplicatePolicy(values["on-duplicate"], "skip");
    assertDistinct(fromSpec, toSpec);
    const batchSize = Number(values["batch-size"] ?? 500);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new UsageError("--batch-size must be a whole number of at least 1");
    }
    const from = await openDriver(fromSpec, { mustExist: true });
    try {
      const to = await openDriver(toSpec);
      try {
        const progress = new Progress(io, "migrate", await from.count(Date.now()));
        const result = await migrate(from, to, {
          onDuplicate,
          batchSize,
          onProgress: (totals) =>
            progress.update(totals.imported + totals.skipped, `expired ${totals.expired}`),
        });
        await settleDriver(to);
        progress.finish(summary(result));
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  },
};
