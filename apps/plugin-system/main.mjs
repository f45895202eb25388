// npm start -- "some text"
import { PluginSystem } from "./plugin-system.mjs";

const input = process.argv.slice(2).join(" ") || "hello plugin world";
const system = await PluginSystem.start(new URL("./build/manifest.json", import.meta.url).pathname);
const show = () => {
  for (const command of system.commands()) console.log(`${command}: ${system.run(command, input)}`);
};
console.log(`commands: ${system.commands().join(", ")}`);
show();
console.log("installing count at run time");
await system.install("count");
console.log(`commands: ${system.commands().join(", ")}`);
show();
process.stdout.write(system.help());
