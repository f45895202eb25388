import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // npm pack, npm install and real asc builds: seconds each, more on a cold npm cache.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
