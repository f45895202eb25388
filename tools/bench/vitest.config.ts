import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // The quick bench builds real projects with the real asc: ~30 s idle, more on a loaded machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
