/**
 * A threaded host on Web Workers (threaded-host.ts; each worker runs the module
 * thread-worker-browser.ts, bundled or mapped so that a worker can import it). The page must be
 * cross-origin isolated (`Cross-Origin-Opener-Policy: same-origin`,
 * `Cross-Origin-Embedder-Policy: require-corp`): shared memory needs it.
 */
import { checkManifest } from "./check-manifest.js";
import { LoadError } from "./errors.js";
import type { BrowserWorkerStart } from "./thread-worker-browser.js";
import type { WorkerReply } from "./thread-serve.js";
import { ThreadedHost, type ThreadedLoadOptions, type ThreadPort } from "./threaded-host.js";

export interface BrowserThreadedLoadOptions extends ThreadedLoadOptions {
  /** URL of the worker module (thread-worker-browser.js of this package, as the page serves it). */
  workerUrl: string | URL;
}

/** Loads a project built with `"threads"` on Web Workers. */
export async function loadThreadedInBrowser(manifestUrl: string | URL, options: BrowserThreadedLoadOptions): Promise<ThreadedHost> {
  const url = new URL(manifestUrl, (globalThis as { location?: { href: string } }).location?.href);
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) {
    throw new LoadError(
      "THREADS_UNSUPPORTED",
      undefined,
      "the page is not cross-origin isolated, so it cannot share memory with workers: serve it with COOP same-origin and COEP require-corp",
    );
  }
  const response = await fetch(url);
  if (!response.ok) throw new LoadError("MISSING_MANIFEST", undefined, `cannot read the manifest '${url.href}': HTTP ${response.status}`);
  const manifest = checkManifest(await response.json(), url.href);
  return ThreadedHost.start(manifest, url.href, options, (index, memory, placements): ThreadPort => {
    const worker = new Worker(options.workerUrl, { type: "module" });
    const start: BrowserWorkerStart = { manifestUrl: url.href, memory, index, placements, skipHashCheck: options.skipHashCheck, isolate: options.isolate };
    worker.postMessage(start);
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener("message", (event) => listener(event.data as WorkerReply)),
      onFailure: (listener) => worker.addEventListener("error", (event) => listener(new Error(`worker ${index} failed: ${event.message}`))),
      terminate: () => {
        worker.terminate();
        return undefined;
      },
    };
  });
}
