// Entry of the threaded runtime: the runtime of index.ts plus the thread support of threads.ts
// (only this build compiles it; src/make-runtime-threaded.ts wires it in).
export * from "./index";
export * from "./threads";
