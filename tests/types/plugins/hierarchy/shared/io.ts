// The one way a program prints: a host import, supplied by the differential harness both to the
// ordinary one-module build and to the shared-rt build, so both print through the same code.
@external("host", "print")
export declare function print(line: string): void;
