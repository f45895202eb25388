// npm start -- "some text"
import { loadPlugins, wordReport } from "./word-report.mjs";

const text = process.argv.slice(2).join(" ") || "The cat and the hat. The END, the end!";
process.stdout.write(wordReport(await loadPlugins(), text));
