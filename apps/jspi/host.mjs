// Host imports of the JSPI example. Both return Promises; shared-rt.json lists them in "async",
// so a plugin calls them as if they were synchronous and its call suspends until they settle.
// `httpGet` asks the local server main.mjs starts on 127.0.0.1 (JSPI_APP_BASE).
import { readFile } from "node:fs/promises";
import path from "node:path";

export default {
  host: {
    readText: (name) => readFile(path.join(process.cwd(), "data", path.basename(name)), "utf8"),
    httpGet: async (route) => {
      const response = await fetch(new URL(route, process.env.JSPI_APP_BASE ?? "http://127.0.0.1:1/"));
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${route}`);
      return response.text();
    },
  },
};
