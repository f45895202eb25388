// Runs cases one after another in a worker thread with a timeout each: a case that does not
// answer in time is a hang, a worker that dies a crash; either way the next case runs on a
// fresh worker. After a failed case, now and then, the unmutated project is loaded and called
// in the same worker: a case must not leave the host machinery broken for the next run.
import { MessageChannel, Worker } from "node:worker_threads";

const WORKER = new URL("./case-worker.mjs", import.meta.url);

export class CaseRunner {
  #worker;
  #ready;
  #pending;
  #port;
  #next = 0;
  #failedSinceCheck = 0;

  constructor(base, { timeoutMs = 10_000, buildTimeoutMs = 120_000, healthEvery = 10 } = {}) {
    this.base = base;
    this.timeoutMs = timeoutMs;
    this.buildTimeoutMs = buildTimeoutMs;
    this.healthEvery = healthEvery;
  }

  #start() {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, { workerData: { base: this.base, port: port2 }, transferList: [port2], stdout: true, stderr: true });
    this.#port = port1;
    // Plugins' console output and the engine's warnings are not the fuzzer's.
    worker.stdout.resume();
    worker.stderr.resume();
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      port1.once("message", (m) => (m.ready ? resolve() : reject(new Error("worker did not start"))));
      worker.once("error", reject);
    });
    port1.on("message", (m) => {
      if (m.ready || !this.#pending || m.id !== this.#pending.id) return;
      this.#pending.resolve(m);
    });
    worker.on("error", (error) => this.#pending?.resolve({ outcome: "crash", message: String(error?.stack ?? error) }));
    worker.on("exit", (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#pending?.resolve({ outcome: "crash", message: `the worker exited with code ${code}` });
    });
  }

  async #ask(message, timeoutMs) {
    if (!this.#worker) this.#start();
    await this.#ready;
    const id = ++this.#next;
    const worker = this.#worker;
    const reply = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ outcome: "hang", message: `no answer within ${timeoutMs} ms` }), timeoutMs);
      this.#pending = {
        id,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.#port.postMessage({ id, ...message });
    });
    this.#pending = undefined;
    if (reply.outcome === "hang" || reply.outcome === "crash") await this.#restart(worker);
    return reply;
  }

  async #restart(worker) {
    if (this.#worker === worker) {
      this.#worker = undefined;
      this.#port.close();
    }
    await worker.terminate().catch(() => {});
  }

  /** Runs one case; returns `{ outcome, code?, message? }`. */
  async run(c) {
    const reply = await this.#ask({ case: c }, c.build ? this.buildTimeoutMs : this.timeoutMs);
    if (reply.outcome === "ok" || reply.outcome === "hang" || reply.outcome === "crash") return reply;
    if (++this.#failedSinceCheck < this.healthEvery) return reply;
    this.#failedSinceCheck = 0;
    const health = await this.#ask({ health: true }, this.timeoutMs);
    if (health.outcome === "ok") return reply;
    return { outcome: health.outcome === "hang" ? "hang" : "bug", message: `${health.message} (after: ${reply.code ?? reply.outcome})` };
  }

  async close() {
    if (this.#worker) await this.#restart(this.#worker);
  }
}
