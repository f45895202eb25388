/**
 * The module each Web Worker of a browser threaded host runs (load-threaded-browser.ts starts
 * it as `new Worker(url, { type: "module" })`): its first message names the manifest and
 * brings the shared memory and its index; it loads the project with fetch, then serves calls
 * (thread-serve.ts). The page must be cross-origin isolated (a SharedArrayBuffer needs it).
 */
import { SharedHost, type HostImports } from "./host.js";
import { checkManifest } from "./check-manifest.js";
import { errorReply, serveThread, type WorkerReply, type WorkerRequest } from "./thread-serve.js";

/** What the page sends a worker first. */
export interface BrowserWorkerStart {
  manifestUrl: string;
  memory: WebAssembly.Memory;
  index: number;
  skipHashCheck?: boolean;
}

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

async function load(start: BrowserWorkerStart): Promise<SharedHost> {
  const fetched = async (url: URL) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
    return response;
  };
  const manifestUrl = new URL(start.manifestUrl);
  const manifest = checkManifest(await (await fetched(manifestUrl)).json(), manifestUrl.href);
  const hostModule = manifest.host ? ((await import(new URL(manifest.host, manifestUrl).href)) as { default: HostImports }).default : undefined;
  return SharedHost.load(manifest, {
    readFile: async (file) => new Uint8Array(await (await fetched(new URL(file, manifestUrl))).arrayBuffer()),
    manifestName: manifestUrl.href,
    hostImports: hostModule,
    skipHashCheck: start.skipHashCheck,
    thread: { memory: start.memory, index: start.index },
  });
}

const onStart = async (event: { data: unknown }) => {
  scope.removeEventListener("message", onStart);
  let host: SharedHost;
  try {
    host = await load(event.data as BrowserWorkerStart);
  } catch (error) {
    scope.postMessage(errorReply(-1, error));
    return;
  }
  serveThread(
    host,
    (reply: WorkerReply) => scope.postMessage(reply),
    (on) => scope.addEventListener("message", (e) => on(e.data as WorkerRequest)),
  );
};
scope.addEventListener("message", onStart);
