// A helper file in the registry's own directory: private to it.
import { Plugin } from "../../api/plugin";

export function joinNames(list: Array<Plugin>): string {
  const parts = new Array<string>();
  for (let i = 0; i < list.length; i++) parts.push(list[i].name());
  return parts.join(",");
}
