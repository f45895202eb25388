// asc transform (experiment): gives classes listed in SHARED_IDS (JSON: internalName -> id)
// that id, and every other non-common class PRIVATE_BASE + k, keeping program.managedClasses
// keyed densely (0..n-1) as compileRTTI / compileVisitMembers assert - the same trick as
// shared-init's PluginClassIds, extended to non-contiguous ids.
const SHARED = JSON.parse(process.env.SHARED_IDS ?? "{}");
const PRIVATE_BASE = Number(process.env.PRIVATE_BASE ?? 32);
class SparseIds extends Map {
  constructor(existing) { super(); this.order = []; this.priv = 0; for (const [k, v] of existing) super.set(k, v); }
  set(id, cls) {
    if (id < 4) return super.set(id, cls);
    const name = cls.internalName;
    cls._id = Object.hasOwn(SHARED, name) ? SHARED[name] : PRIVATE_BASE + this.priv++;
    this.order.push(cls);
    return super.set(4 + this.order.length - 1, cls);
  }
}
export default class SparseIdsTransform {
  afterInitialize(program) { program.managedClasses = new SparseIds(program.managedClasses); }
  afterCompile() {
    for (const [k, c] of this.program.managedClasses) console.error(`key ${k} -> id ${c.id} ${c.internalName}`);
  }
}
