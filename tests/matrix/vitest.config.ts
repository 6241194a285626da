import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sessions/test-services/global-setup"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    // Two cores shared with other suites: files run one at a time, so the multi-process tests
    // and the 1,000-session matrix do not fight each other for the CPU and time out.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
