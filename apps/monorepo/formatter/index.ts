// What `import { … } from "@shared-rt-example/formatter"` resolves to (asc reads a package's index.ts):
// the declarations `shared-rt pack` writes into dist/ on build.
export * from "./dist/index";
