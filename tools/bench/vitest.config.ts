import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The quick bench builds real projects with the real asc: ~30 s idle, more on a loaded machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
