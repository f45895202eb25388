// The one way a program prints: a host import the differential harness supplies to both builds.
@external("host", "print")
export declare function print(line: string): void;
