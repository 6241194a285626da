import {
  CONTRACT_VERSION,
  defineDriver,
  driverMethods,
  optionalDriverMethods,
} from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";

/** The driver declares contract 1, a name, its capabilities and every method. */
export function shapeChecks(backend: Backend): void {
  describe("contract shape", () => {
    it("declares contract 1, a name, boolean capabilities and every method", async () => {
      const { driver } = await backend.open();
      expect(driver.contract).toBe(CONTRACT_VERSION);
      expect(driver.contract).toBe(1);
      expect(typeof driver.name).toBe("string");
      expect(driver.name.length).toBeGreaterThan(0);
      expect(typeof driver.capabilities.nativeTtl).toBe("boolean");
      expect(typeof driver.capabilities.crossProcess).toBe("boolean");
      for (const method of driverMethods) {
        expect(typeof driver[method], `driver.${method}`).toBe("function");
      }
      for (const method of optionalDriverMethods) {
        expect(["function", "undefined"], `driver.${method}`).toContain(typeof driver[method]);
      }
      expect(defineDriver(driver)).toBe(driver);
    });
  });
}
