// asc transform: prints program.managedClasses (id -> internalName, kind, base) after compile.
export default class DumpIds {
  afterInitialize(program) {
    const ids = [...program.managedClasses.entries()].map(([id, c]) => `${id}:${c.internalName}`);
    console.error(`[afterInitialize] nextClassId=${program.nextClassId} managed=${ids.join(", ")}`);
  }
  afterCompile(module) {
    const p = this.program;
    for (const [id, c] of p.managedClasses) {
      const kind = c.kind === 8 || c.isInterface ? "interface" : "class";
      console.error(`id ${String(id).padStart(3)} _id=${c._id} ${c.isInterface ? "interface" : "class    "} ${c.internalName}  base=${c.base ? c.base.internalName : "-"}  file=${c.parent?.internalName ?? "?"}`);
    }
  }
}
