import type { Program } from "./program.mjs";
export interface Verdict {
  outcome: string;
  kind?: string;
}
export function prune(program: Program): Program;
export function reduce<V extends Verdict>(
  program: Program,
  result: V,
  options?: { budget?: number; log?: (line: string) => void; check?: (program: Program) => Promise<Verdict> },
): Promise<{ program: Program; result: V; checks: number }>;
