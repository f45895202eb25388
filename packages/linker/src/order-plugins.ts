import { LinkError } from "./errors.js";

/**
 * Orders plugins so that each comes after every plugin it imports from (instantiation needs
 * the providers' exports). Ties keep the project file's order, so the result is deterministic.
 */
export function orderPlugins(names: string[], dependsOn: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string) => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = stack.slice(stack.indexOf(name)).concat(name);
      throw new LinkError(
        "DEPENDENCY_CYCLE",
        `plugins import from each other in a cycle: ${cycle.join(" -> ")}; a plugin can only be instantiated after the plugins it imports from`,
      );
    }
    state.set(name, "visiting");
    stack.push(name);
    for (const dep of names.filter((n) => dependsOn.get(name)?.has(n))) visit(dep);
    stack.pop();
    state.set(name, "done");
    order.push(name);
  };
  for (const name of names) visit(name);
  return order;
}
