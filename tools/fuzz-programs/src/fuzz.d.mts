export interface Summary {
  programs: number;
  outcomes: Record<string, number>;
  perConfig: Record<string, Record<string, number>>;
  aborts: Record<string, number>;
  divergences: { seed: number; config: string; kind: string; dir: string }[];
  seconds: number;
}
export function parseArgs(argv: string[]): { count: number; seed: number; out: string; budget: number; replay?: string; help?: boolean };
export function fuzzRound(options: { count: number; seed: number; out: string; budget: number; log?: (line: string) => void }): Promise<Summary>;
export function formatSummary(summary: Summary): string;
