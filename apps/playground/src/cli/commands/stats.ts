/** `sessions stats`: counts of the playground's app. */

import { describeSpec } from "../../drivers/registry.js";
import type { Command } from "../command.js";
import { parseCommandArgs } from "../command.js";
import { STORE_OPTIONS, STORE_USAGE, withStore } from "../store.js";

/** Active, locked and owner counts, and all live records of the store (every app). */
export const statsCommand: Command = {
  name: "stats",
  usage: `stats ${STORE_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    await withStore(values, { mustExist: true }, async ({ manager, driver, spec }) => {
      const stats = await manager.stats();
      io.out(`store    ${describeSpec(spec)}`);
      io.out(`app      ${manager.app}`);
      io.out(`active   ${stats.active}`);
      io.out(`locked   ${stats.locked}`);
      io.out(`owners   ${stats.owners}`);
      io.out(`records  ${await driver.count(Date.now())} live in the store (every app)`);
    });
  },
};
