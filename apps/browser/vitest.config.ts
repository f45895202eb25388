import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
    // Launching Chromium takes a second or two; the pages load in milliseconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
