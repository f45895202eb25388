import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The short round builds one small project with the real asc, then runs a few hundred cases.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
