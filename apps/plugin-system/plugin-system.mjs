// The host side of the plugin system: loads the project without its relocatable plugins, which
// `install` loads into the running host later (each registers its commands with the core as
// it loads); commands run through the core plugin's registry.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SharedHost } from "@shared-rt/runner";

export class PluginSystem {
  /** @param {string} manifestPath the build's manifest.json */
  static async start(manifestPath) {
    const dir = path.dirname(manifestPath);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    const readFileIn = async (file) => new Uint8Array(await readFile(path.join(dir, file)));
    const later = manifest.plugins.filter((p) => p.relocatable);
    const host = await SharedHost.load({ ...manifest, plugins: manifest.plugins.filter((p) => !p.relocatable) }, { readFile: readFileIn });
    return new PluginSystem(host, new Map(later.map((p) => [p.name, p.file])), readFileIn);
  }

  constructor(host, installable, readFileIn) {
    this.host = host;
    this.installable = installable;
    this.readFile = readFileIn;
  }

  /** Loads a relocatable plugin of the build into the running host. */
  async install(name) {
    const file = this.installable.get(name);
    if (!file) throw new Error(`no relocatable plugin '${name}' in this build (have: ${[...this.installable.keys()].join(", ")})`);
    await this.host.load(name, await this.readFile(file));
  }

  /** @returns {string[]} the registered command names */
  commands() {
    return this.host.call("core", "list");
  }

  run(command, input) {
    return this.host.call("core", "run", command, input);
  }

  help() {
    return this.host.call("core", "help");
  }
}
