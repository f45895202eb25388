export interface Command {
  execute(args: string[]): string;
}

// A package class plugins extend.
export class Echo implements Command {
  execute(args: string[]): string {
    return args.join(" ");
  }
}
