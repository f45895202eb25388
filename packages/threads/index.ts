// asc resolves `import … from "@shared-rt/threads"` to this file (node_modules/<package>/index.ts):
// the library itself is under assembly/.
export * from "./assembly/index";
