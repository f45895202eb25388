// Plugin 'report': awaits futures made by 'files' (all of them at once) and formats a report.
import { Future, all, then } from "@shared-rt/futures";

@external("files", "wordCount") declare function wordCount(name: string): Future<i32>;

class Names {
  constructor(public list: Array<string>) {}
}

function format(counts: Array<i32>, names: Names): string {
  let out = "";
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    out += names.list[i] + ": " + counts[i].toString() + " words\n";
    total += counts[i];
  }
  return out + "total: " + total.toString() + " words";
}

export function report(names: Array<string>): Future<string> {
  const parts = new Array<Future<i32>>();
  for (let i = 0; i < names.length; i++) parts.push(wordCount(names[i]));
  return then<Array<i32>, string, Names>(all<i32>(parts), format, new Names(names));
}
