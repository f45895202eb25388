// Types of the program model, for the TypeScript tests (the sources are plain .mjs).
export interface Config {
  collector: "incremental" | "minimal";
  optimizeLevel: 0 | 3;
  mode: "linked" | "relocatable" | "late";
}
export interface Statement {
  text: string;
  uses: string[];
  refs: string[];
}
export interface Item {
  name: string;
  kind: string;
  text: string;
  exports: { name: string; params: [string, string][]; ret: string }[];
  uses: string[];
  refs: string[];
  plugin: number;
  shared: boolean;
}
export interface Step extends Omit<Item, "text"> {
  stmts: Statement[];
}
export interface Program {
  seed: number;
  config: Config;
  pluginCount: number;
  classes: { name: string; text: string }[];
  prelude: string;
  items: Item[];
  steps: Step[];
  relocatable: number;
}
export const CONFIGS: Config[];
export function configName(config: Config): string;
export function generateProgram(seed: number, config: Config): Program;
