import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // Each test compiles real AssemblyScript; a project takes a second or two.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
