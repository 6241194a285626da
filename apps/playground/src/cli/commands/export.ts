/** `sessions export --to json:backup.json`: the app's live sessions into another store. */

import type { Command } from "../command.js";
import { parseCommandArgs, required } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";
import { assertDistinct, copySessions, DUPLICATE_OPTION, duplicatePolicy } from "../transfer.js";

/** Exports into any driver spec (a JSON or CSV file is the usual backup). */
export const exportCommand: Command = {
  name: "export",
  usage: `export --to <spec> [--on-duplicate fail|skip|overwrite] ${STORE_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      ...DUPLICATE_OPTION,
      to: { type: "string" },
    });
    const to = required(values.to, "to");
    const onDuplicate = duplicatePolicy(values["on-duplicate"], "fail");
    await withStore(values, { mustExist: true }, (source) =>
      withStore(values, { spec: to, mustExist: false }, (target) => {
        assertDistinct(source.spec, target.spec);
        return copySessions(source, target, io, "export", onDuplicate);
      }),
    );
  },
};
