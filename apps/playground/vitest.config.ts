import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The browser and CLI tests each use a lot of the 2 shared cores: one file at a time.
    fileParallelism: false,
  },
});
