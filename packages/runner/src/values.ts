/**
 * The coarse kind of an AssemblyScript type, for tools that only need to know how to spell an
 * argument (the `shared-rt run` command line). The host itself converts by {@link parseType}.
 */
import { parseType } from "./as-types.js";

export { readString, writeString } from "./heap-view.js";

export type ValueKind = "number" | "bigint" | "bool" | "string" | "void" | "unsupported";

export function kindOf(type: string): ValueKind {
  const parsed = parseType(type);
  switch (parsed.kind) {
    case "number":
    case "bigint":
    case "bool":
    case "string":
    case "void":
      return parsed.kind;
    default:
      return "unsupported";
  }
}
