import type { Program } from "./program.mjs";
export const ONE_MODULE_ENTRY: string;
export function pluginName(index: number): string;
export function splitSources(program: Program, oneModule?: boolean): { files: Record<string, string>; plugins: string[] };
export function oneModuleSources(program: Program): Record<string, string>;
