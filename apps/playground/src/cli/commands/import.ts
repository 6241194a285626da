/** `sessions import --from csv:sessions.csv`: sessions from another store into this one. */

import type { Command } from "../command.js";
import { parseCommandArgs, required } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";
import { assertDistinct, copySessions, DUPLICATE_OPTION, duplicatePolicy } from "../transfer.js";

/** Imports all or nothing: a malformed record aborts before anything is written. */
export const importCommand: Command = {
  name: "import",
  usage: `import --from <spec> [--on-duplicate fail|skip|overwrite] ${STORE_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      ...DUPLICATE_OPTION,
      from: { type: "string" },
    });
    const from = required(values.from, "from");
    const onDuplicate = duplicatePolicy(values["on-duplicate"], "fail");
    await withStore(values, { spec: from, mustExist: true }, (source) =>
      withStore(values, { mustExist: false }, (target) => {
        assertDistinct(source.spec, target.spec);
        return copySessions(source, target, io, "import", onDuplicate);
      }),
    );
  },
};
