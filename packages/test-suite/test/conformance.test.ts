import { memoryDriver } from "@sessions/core";
import { runConformance } from "../src/index.js";

runConformance({ name: "memory", create: () => memoryDriver() });
