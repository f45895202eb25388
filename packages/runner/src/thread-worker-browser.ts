/**
 * The module each Web Worker of a browser threaded host runs (load-threaded-browser.ts starts
 * it as `new Worker(url, { type: "module" })`): its first message names the manifest and
 * brings the shared memory and its index; it loads the project with fetch, then serves calls
 * (thread-serve.ts). The page must be cross-origin isolated (a SharedArrayBuffer needs it).
 */
import { SharedHost, type HostImports } from "./host.js";
import { checkManifest } from "./check-manifest.js";
import type { RelocationPlacement } from "./load-relocatable.js";
import { errorReply, serveThread, type WorkerLoads, type WorkerReply, type WorkerRequest } from "./thread-serve.js";

/** What the page sends a worker first. */
export interface BrowserWorkerStart {
  manifestUrl: string;
  memory: WebAssembly.Memory;
  index: number;
  /** Where worker 0 placed each relocatable plugin of the manifest. */
  placements: Record<string, RelocationPlacement>;
  skipHashCheck?: boolean;
  /** ThreadedLoadOptions.isolate. */
  isolate?: string[];
}

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

async function load(start: BrowserWorkerStart): Promise<{ host: SharedHost; loads: WorkerLoads }> {
  const fetched = async (url: URL) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
    return response;
  };
  const manifestUrl = new URL(start.manifestUrl);
  const manifest = checkManifest(await (await fetched(manifestUrl)).json(), manifestUrl.href);
  const hostModule = manifest.host ? ((await import(new URL(manifest.host, manifestUrl).href)) as { default: HostImports }).default : undefined;
  const thread = { memory: start.memory, index: start.index, placements: new Map(Object.entries(start.placements)) };
  const host = await SharedHost.load(manifest, {
    readFile: async (file) => new Uint8Array(await (await fetched(new URL(file, manifestUrl))).arrayBuffer()),
    manifestName: manifestUrl.href,
    hostImports: hostModule,
    skipHashCheck: start.skipHashCheck,
    isolate: start.isolate,
    thread,
  });
  // Relocatable plugins loaded later get the same host module.
  return { host, loads: { thread, hostImports: hostModule } };
}

const onStart = async (event: { data: unknown }) => {
  scope.removeEventListener("message", onStart);
  let loaded: { host: SharedHost; loads: WorkerLoads };
  try {
    loaded = await load(event.data as BrowserWorkerStart);
  } catch (error) {
    scope.postMessage(errorReply(-1, error));
    return;
  }
  serveThread(
    loaded.host,
    (reply: WorkerReply) => scope.postMessage(reply),
    (on) => scope.addEventListener("message", (e) => on(e.data as WorkerRequest)),
    loaded.loads,
  );
};
scope.addEventListener("message", onStart);
