import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // npm pack, npm install and real asc builds: seconds each, more on a cold npm cache.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
