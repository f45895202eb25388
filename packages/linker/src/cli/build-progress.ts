import type { AscDiagnostic } from "@shared-rt/runtime/asc";
import type { BuildEvent, BuildStep } from "../build-options.js";

// What `shared-rt build` prints while it builds, on stderr: a line as each plugin starts
// compiling, a line as each module is done (its size, and whether it came from the cache), the
// compiler's warnings; on a terminal also a status line, redrawn in place, with a bar, the
// plugins compiling and the time. Nothing but warnings with --quiet, nothing with --json.

export interface ProgressOptions {
  json?: boolean;
  quiet?: boolean;
  /** Redraw a status line (stderr is a terminal). */
  tty: boolean;
  /** How many plugins the project has, for the bar (without it, no bar). */
  plugins?: number;
  formatDiagnostic: (d: AscDiagnostic) => string;
  write: (text: string) => void;
}

export interface ProgressPrinter {
  onProgress(event: BuildEvent): void;
  onStep(step: BuildStep): void;
  /** Prints a line above the status line. */
  line(text: string): void;
  /** Removes the status line and stops redrawing it. */
  end(): void;
}

const BAR_WIDTH = 20;

export function progressPrinter(options: ProgressOptions): ProgressPrinter {
  const { write } = options;
  const started = performance.now();
  const compiling = new Map<string, number>();
  const compileMs = new Map<string, number>();
  let objects = 0;
  let objectsDone = 0;
  let modulesDone = 0;
  const live = options.tty && !options.quiet && !options.json;
  const status = () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const what = compiling.size
      ? `compiling ${[...compiling.keys()].join(", ")}`
      : options.plugins !== undefined && modulesDone >= options.plugins
        ? "building the runtime"
        : "linking";
    if (options.plugins === undefined) return `${what} · ${seconds} s`;
    const total = objects + options.plugins + 1;
    const filled = Math.round((BAR_WIDTH * (objectsDone + modulesDone)) / total);
    return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${objectsDone}/${objects} compiled · ${what} · ${seconds} s`;
  };
  const redraw = () => write(`\r\x1b[2K${status()}`);
  const timer = live ? setInterval(redraw, 200) : undefined;
  timer?.unref();
  const line = (text: string) => write(live ? `\r\x1b[2K${text}\n${status()}` : `${text}\n`);
  return {
    line,
    onStep(step) {
      if (options.json) return;
      if (step.step === "compile") {
        objects++;
        compiling.set(step.name, performance.now());
        if (!options.quiet) line(`  ${step.name}: compiling`);
      } else if (step.step === "cached") {
        objects++;
        objectsDone++;
        if (live) redraw();
      } else {
        objectsDone++;
        compileMs.set(step.name, performance.now() - (compiling.get(step.name) ?? performance.now()));
        compiling.delete(step.name);
        if (live) redraw();
      }
    },
    onProgress(e) {
      if (options.json) return;
      modulesDone++;
      // Warnings show even with --quiet, as asc shows them.
      for (const d of e.diagnostics ?? []) line(options.formatDiagnostic(d));
      if (!options.quiet) line(`  ${e.name}: ${e.bytes} bytes (${howBuilt(e, compileMs.get(e.name))})`);
    },
    end() {
      if (timer) clearInterval(timer);
      if (live) write("\r\x1b[2K");
    },
  };
}

/** Where a module came from: read, reused, relinked from its cached object, or compiled (and how long that took). */
function howBuilt(e: BuildEvent, compileMs: number | undefined): string {
  if (e.prebuilt) return `prebuilt: ${e.prebuilt}${e.cached ? ", unchanged" : ""}`;
  if (e.cached) return "unchanged";
  if (e.object === "cached") return `object cached, linked in ${Math.round(e.ms)} ms`;
  return `${Math.round(e.ms + (compileMs ?? 0))} ms`;
}
