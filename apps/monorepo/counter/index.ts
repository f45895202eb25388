// What `import { … } from "@shared-rt-example/counter"` resolves to (asc reads a package's index.ts):
// the declarations `shared-rt pack` writes into dist/ on build.
export * from "./dist/index";
