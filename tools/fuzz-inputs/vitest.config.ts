import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // The short round builds one small project with the real asc, then runs a few hundred cases.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
