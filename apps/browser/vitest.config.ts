import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Launching Chromium takes a second or two; the pages load in milliseconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
