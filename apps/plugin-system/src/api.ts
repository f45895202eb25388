// The plugin API, in a source file every plugin compiles in: a command has a name, runs on a
// text, and may describe itself. Plugins subclass it; the core only ever sees `Command`.
@external("core", "register")
declare function registerWithCore(command: Command): void;

export abstract class Command {
  abstract name(): string;
  abstract run(input: string): string;
  help(): string {
    return "(no help)";
  }
  toString(): string {
    return this.name() + " - " + this.help();
  }
}

/** What a plugin calls (from its top level, i.e. when it is loaded) to offer a command. */
export function provide(command: Command): void {
  registerWithCore(command);
}
