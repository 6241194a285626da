import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sessions/test-services/global-setup"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    // One file at a time on every machine: postgres.test.ts compares whole-catalog snapshots
    // of the shared server, which another file's tables would change under it.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
