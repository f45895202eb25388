import { parseArgs } from "node:util";

// One table per command: what its parser accepts and what its help and the top-level help
// print, so the two cannot drift apart.

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in help (`<file>`), for a string option. */
  value?: string;
  /** What it does, one line (continued lines are indented under it). */
  help: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  /** The positional arguments, as help shows them (`<plugin>.<export> [args…]`); none if absent. */
  args?: string;
  /** One line for the top-level help. */
  summary: string;
  /** The paragraphs of the command's own help, between its usage line and its options. */
  description: string;
  options: O;
}

type Values<O extends Record<string, OptionSpec>> = { [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean };

const HELP: OptionSpec = { type: "boolean", short: "h", help: "show this help" };

/** Parses a command's arguments by its table (plus -h/--help); unknown options are refused. */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
): { values: Values<O> & { help?: boolean }; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: spec.args !== undefined, strict: true });
  return { values: values as Values<O> & { help?: boolean }, positionals };
}

/** `shared-rt build [-p <file>] [--json]…`: the command's usage line. */
export function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options).map(([name, o]) => {
    const flag = o.short ? `-${o.short}` : `--${name}`;
    return o.type === "string" ? `[${flag} ${o.value ?? "<value>"}]` : `[${flag}]`;
  });
  return ["shared-rt", spec.name, ...(spec.args ? [spec.args] : []), ...options].join(" ");
}

/** The option lines of a table (and -h, --help unless `withHelp` is false), aligned, each indented by `indent`. */
export function optionLines(options: Record<string, OptionSpec>, indent: string, withHelp = true): string {
  const rows = Object.entries(withHelp ? { ...options, help: HELP } : options).map(([name, o]) => {
    const flags = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;
    return [flags, o.help] as const;
  });
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map(([flags]) => flags.length)) + 2;
  const pad = " ".repeat(width);
  return rows.map(([flags, help]) => `${indent}${flags.padEnd(width)}${help.split("\n").join(`\n${indent}${pad}`)}\n`).join("");
}

/** A command's own help (`shared-rt <command> --help`). */
export function commandUsage(spec: CommandSpec): string {
  return `Usage: ${synopsis(spec)}\n\n${spec.description.trim()}\n\nOptions:\n${optionLines(spec.options, "  ")}`;
}

/** Writes a command's help when asked for; whether it did. */
export function printedHelp(spec: CommandSpec, values: { help?: boolean }): boolean {
  if (values.help) process.stdout.write(commandUsage(spec));
  return values.help === true;
}
