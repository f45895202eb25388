import { Transform } from "assemblyscript/transform";
import type binaryenNs from "assemblyscript/binaryen";

/**
 * AssemblyScript's Transform base class with the members asc assigns to it. (The package's
 * own typings route through a path alias that TypeScript cannot resolve from outside.)
 */
export interface TransformMembers {
  readonly program: unknown;
  readonly binaryen: typeof binaryenNs;
  readonly baseDir: string;
  readonly log: (...args: unknown[]) => void;
}

export const TransformBase = Transform as unknown as abstract new () => TransformMembers;
