// Entry of the threaded runtime with the minimal collector: threaded.ts, with the safepoints of
// threads-minimal.ts in place of threads.ts's (an explicit export wins over `export *`).
export * from "./index";
export * from "./threads";
export { __shared_thread_host_enter, __shared_thread_host_leave, __shared_thread_poll, __shared_thread_wait } from "./threads-minimal";
