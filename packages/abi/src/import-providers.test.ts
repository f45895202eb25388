import { describe, expect, it } from "vitest";
import { pluginProvider, providerOf, providingPlugin } from "./import-providers.js";
import { RUNTIME_NAMESPACE } from "./namespaces.js";

describe("providerOf", () => {
  const plugins = new Set(["math", "words"]);
  const isPlugin = (name: string) => plugins.has(name);

  it("classifies the runtime's, the standard env's and the load namespace", () => {
    expect(providerOf(RUNTIME_NAMESPACE, "a", isPlugin)).toBe("runtime");
    expect(providerOf("env", "a", isPlugin)).toBe("env");
    expect(providerOf("shared-rt.load", "a", isPlugin, true)).toBe("load");
    // Only a relocatable plugin imports from the load namespace; elsewhere it is the host's.
    expect(providerOf("shared-rt.load", "a", isPlugin, false)).toBe("host");
  });

  it("sends another plugin's namespace to it, and anything else to the host", () => {
    expect(providerOf("words", "a", isPlugin)).toBe("plugin:words");
    expect(providerOf("console", "a", isPlugin)).toBe("host");
  });

  it("sends a plugin's own name to the host: a module never imports from itself", () => {
    expect(providerOf("math", "math", isPlugin)).toBe("host");
  });

  it("round-trips a plugin provider", () => {
    expect(providingPlugin(pluginProvider("words"))).toBe("words");
    expect(providingPlugin("host")).toBeUndefined();
  });
});
