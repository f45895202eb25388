import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each test compiles real AssemblyScript; a project takes a second or two.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
