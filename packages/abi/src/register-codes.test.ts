import { describe, expect, it } from "vitest";
import { REGISTER_CODES, registerRefusal } from "./register-codes.js";

describe("registerRefusal", () => {
  const plugin = { abi: 7, classes: { base: 40, count: 3, rttiBase: 1024 } };

  it("words every code the runtime returns", () => {
    expect(registerRefusal(REGISTER_CODES.abiMismatch, plugin, 1)).toBe("it was built for shared-rt ABI 7, the runtime speaks ABI 1");
    expect(registerRefusal(REGISTER_CODES.classRangeReserved, plugin, 1)).toBe("its class ids 40..42 lie in the range reserved for the runtime");
    expect(registerRefusal(REGISTER_CODES.classRangeTaken, plugin, 1)).toBe("its class ids 40..42 overlap another plugin's");
    expect(registerRefusal(REGISTER_CODES.rttiMismatch, plugin, 1)).toBe("its RTTI table at 1024 does not describe 3 classes");
    expect(registerRefusal(REGISTER_CODES.rttiMismatch, { ...plugin, classes: { ...plugin.classes, names: ["a", "b", "c", "d"] } }, 1)).toBe(
      "its RTTI table at 1024 does not describe 4 classes",
    );
    expect(registerRefusal(REGISTER_CODES.sharedFlagsMismatch, plugin, 1)).toBe(
      "a shared class it registers has other RTTI flags than in the plugin that registered it first (the two builds disagree on what the class is)",
    );
  });

  it("quotes an answer it does not know", () => {
    expect(registerRefusal(-99, plugin, 1)).toBe("the runtime answered -99");
  });
});
