// The one way the program prints: a host import, supplied by the harness to the one-module build
// and, through the project's host module, to every worker of the threaded build.
@external("host", "print")
export declare function print(line: string): void;
