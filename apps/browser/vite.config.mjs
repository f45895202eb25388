import { defineConfig } from "vite";

// index.html and vite-main.js are the page; public/ (the built project in public/project) is
// copied into dist/ as it is. A relative base lets dist/ be served from any path.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true },
});
