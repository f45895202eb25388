// Host imports of the futures example. `readText` returns a Promise; the plugin declares it as
// `Future<string>`, so it gets a future the host completes when the file has been read.
import { readFile } from "node:fs/promises";
import path from "node:path";

export default {
  host: {
    readText: (name) => readFile(path.join(process.cwd(), "data", path.basename(name)), "utf8"),
  },
};
