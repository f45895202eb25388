/**
 * A typed view of a host's plugins. `shared-rt build` writes `plugins.d.ts`, an interface
 * `Plugins` naming every plugin's exports with the JS types the host converts to and from;
 * `typed<Plugins>(host).words.split("a b")` is then checked by tsc and typed `string[]`. At run
 * time it is {@link SharedHost.exports}: the types are all this file adds.
 */
import type { SharedHost } from "./host.js";

/**
 * The plugins of `host`, each as an object of its exports, typed by `P` (the generated
 * `Plugins` interface). A plugin is looked up when it is read, so one loaded later
 * (`host.load`) is there too, and a name the host does not have throws `NO_SUCH_PLUGIN`.
 */
export function typed<P extends object>(host: SharedHost): P {
  return new Proxy({} as P, {
    get(_target, name) {
      // `await`, `console.log` and friends probe for these; they are never plugin lookups.
      if (typeof name !== "string" || (name === "then" && !host.pluginNames.includes(name))) return undefined;
      return host.exports(name);
    },
    has: (_target, name) => typeof name === "string" && host.pluginNames.includes(name),
    ownKeys: () => host.pluginNames,
    getOwnPropertyDescriptor: (_target, name) =>
      typeof name === "string" && host.pluginNames.includes(name) ? { value: host.exports(name), enumerable: true, configurable: true } : undefined,
  });
}
