import { defineConfig } from "vitest/config";

// The runner's own tests are unit tests over hand-made memories: nothing here compiles, so the
// default timeouts hold. Its tests with real projects are in the repository's tests/ workspace.
export default defineConfig({
  test: {
    // Files share one warm process: asc and Binaryen JIT once, not per file (tests/README.md, "How long").
    isolate: false,
  },
});
