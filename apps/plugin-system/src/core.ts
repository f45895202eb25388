// The core plugin: the registry the host talks to. It knows the API, never the plugins' classes.
import { Command } from "./api";

const commands = new Map<string, Command>();

export function register(command: Command): void {
  commands.set(command.name(), command);
}

export function list(): Array<string> {
  return commands.keys();
}

export function run(name: string, input: string): string {
  if (!commands.has(name)) return "no command '" + name + "'";
  return commands.get(name).run(input);
}

export function help(): string {
  const all = commands.values();
  let text = "";
  for (let i = 0; i < all.length; i++) text += `${all[i]}\n`;
  return text;
}
