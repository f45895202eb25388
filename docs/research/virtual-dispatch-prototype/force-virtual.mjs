// asc transform (experiment): in afterInitialize, mark every non-static, non-private,
// non-constructor method/getter/setter of every class and interface declared in files whose
// internal path matches SHARED_RE as CommonFlags.Overridden, so that the compiler routes
// every call through an override stub even when this compilation has no override.
const Overridden = 1 << 28, Constructor = 1 << 19, Private = 1 << 9, Static = 1 << 5;
const K = { FunctionPrototype: 4, ClassPrototype: 6, InterfacePrototype: 8, PropertyPrototype: 10 };
const SHARED_RE = new RegExp(process.env.SHARED_RE ?? "shared/");
export default class ForceVirtual {
  afterInitialize(program) {
    const marked = [];
    for (const file of program.filesByName.values()) {
      if (!SHARED_RE.test(file.internalName)) continue;
      for (const el of file.members?.values() ?? []) {
        if (el.kind !== K.ClassPrototype && el.kind !== K.InterfacePrototype) continue;
        if (el.decoratorFlags & (1 << 5)) continue; // @final
        for (const m of el.instanceMembers?.values() ?? []) {
          if (m.flags & (Constructor | Private | Static)) continue;
          if (m.kind === K.FunctionPrototype) { m.flags |= Overridden; marked.push(m.internalName); }
          else if (m.kind === K.PropertyPrototype && !m.isField) {
            m.flags |= Overridden;
            for (const acc of [m.getterPrototype, m.setterPrototype]) if (acc) { acc.flags |= Overridden; marked.push(acc.internalName); }
          }
        }
      }
    }
    if (process.env.FV_VERBOSE) console.error("[force-virtual] " + marked.join(", "));
  }
}
