import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // The short round builds a dozen real projects both ways: ~30 s idle on 2 cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
