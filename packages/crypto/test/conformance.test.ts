import { memoryDriver } from "@sessions/core";
import { runConformance } from "@sessions/test-suite";
import { createCipher, generateKey } from "../src/index.js";

// Every manager-level check, with owners and payloads encrypted (two keys: rotation state).
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({
  name: "memory+cipher",
  create: () => memoryDriver(),
  levels: ["manager"],
  manager: { cipher },
});
