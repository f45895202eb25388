// Host functions of the blocking test (shared-rt.json lists waitFor and tickBlocking as "blocking").
export default (host) => ({
  host: {
    // Blocks this worker's thread until the test sets flag[0]; tells it first that it waits (flag[1]).
    waitFor(flag) {
      const view = new Int32Array(host.memory.buffer);
      Atomics.store(view, (flag >>> 2) + 1, 1);
      Atomics.wait(view, flag >>> 2, 0, 30_000);
      return Atomics.load(view, flag >>> 2);
    },
    tick: (x) => x + 1,
    tickBlocking: (x) => x + 1,
  },
});
