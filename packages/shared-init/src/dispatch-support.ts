import type { DispatchLayout } from "@shared-rt/abi";
import { constValue, type Binaryen, type Module } from "@shared-rt/runtime/asc";
import { forceVirtual } from "./force-virtual.js";
import { MethodOrdinals } from "./method-ordinals.js";
import { ensureOwnerStubs, hookCompile, stubOutUncompilable, type Compiler } from "./owner-stubs.js";
import { rewriteInstanceof } from "./rewrite-instanceof.js";
import { keepRemotesOutOfLine, rewriteOverrideStubs } from "./rewrite-override-stubs.js";
import { SharedClasses, type CompilerClass } from "./shared-classes.js";
import { SharedInitError } from "./shared-init-error.js";

/**
 * Virtual dispatch and `instanceof` across plugins, in three steps that the transform calls:
 * {@link DispatchSupport.afterInitialize} forces shared methods virtual and hooks the compiler
 * so that the plugin owning a subclass has its stubs ({@link ensureOwnerStubs}); after
 * compiling, {@link DispatchSupport.afterCompile} rewrites stubs and instanceof helpers and
 * puts the stubs in the table, and returns what the layout records.
 */
export class DispatchSupport {
  private compiler: Compiler | null = null;
  private shared: SharedClasses | null = null;
  /** Methods compiled for owner stubs that did not type-check for their class: made traps. */
  private uncompilable: string[] = [];

  constructor(
    private readonly classes: () => Iterable<CompilerClass>,
    private readonly options: { isPrivateFile: (file: string) => boolean; noOwnerStubs?: boolean },
  ) {}

  afterInitialize(program: object): void {
    const shared = new SharedClasses(this.options.isPrivateFile);
    this.shared = shared;
    forceVirtual(program, shared);
    hookCompile(program, {
      started: (compiler) => {
        this.compiler = compiler;
      },
      beforeStubs: this.options.noOwnerStubs
        ? undefined
        : (compiler) => {
            this.uncompilable = ensureOwnerStubs(compiler, this.classes(), shared);
          },
    });
  }

  /** Makes the methods that did not compile traps; first thing after compiling, before anything reads the module. */
  stubOutUncompilable(binaryen: Binaryen, module: Module): void {
    stubOutUncompilable(binaryen, module, this.uncompilable);
  }

  /** Rewrites and records; undefined when the plugin has no shared class. */
  afterCompile(binaryen: Binaryen, module: Module, tableBase: number): DispatchLayout | undefined {
    const compiler = this.compiler;
    const shared = this.shared!;
    if (!compiler) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: the compiler hook did not run");
    const classes = [...this.classes()];
    const stubs = rewriteOverrideStubs(binaryen, module, compiler, shared, classes, new MethodOrdinals());
    rewriteInstanceof(binaryen, module, compiler, shared);
    keepRemotesOutOfLine(binaryen, module);
    const slots = appendToTable(
      binaryen,
      module,
      stubs.flatMap((s) => (s.tableEntry ? [s.tableEntry] : [])),
      tableBase,
    );
    let next = 0;
    for (const stub of stubs) if (stub.tableEntry) stub.record.slot = slots + next++;
    const isA = sharedAncestors(classes, shared);
    if (!stubs.length && !Object.keys(isA).length) return undefined;
    return { stubs: stubs.map((s) => s.record), isA };
  }
}

/**
 * Each class's shared ancestors (itself included when shared), for the classes that have any.
 * A user class's standard ancestors count too (`class Names extends Array<string>`: another
 * plugin's `instanceof Array<string>` asks the runtime); Object (id 0) never does.
 */
function sharedAncestors(classes: CompilerClass[], shared: SharedClasses): Record<string, number[]> {
  const sharedOnes = classes.filter((k) => shared.isShared(k));
  const standard = classes.filter((k) => k.id !== 0 && !k.isInterface && shared.mayHaveForeignSubclasses(k) && !shared.isShared(k));
  const isA: Record<string, number[]> = {};
  for (const cls of classes) {
    if (cls.isInterface) continue;
    const ofUser = !standard.includes(cls);
    const ancestors = sharedOnes
      .filter((k) => k === cls || cls.isAssignableTo(k))
      .concat(ofUser ? standard.filter((k) => k !== cls && cls.isAssignableTo(k)) : [])
      .map((k) => k.id);
    if (ancestors.length) isA[String(cls.id)] = ancestors.sort((a, b) => a - b);
  }
  return isA;
}

/**
 * Appends functions to the module's one function-table segment (the relocation of a relocatable
 * plugin expects exactly one, at the table base); returns the slot of the first.
 */
function appendToTable(binaryen: Binaryen, module: Module, names: string[], tableBase: number): number {
  const count = module.getNumElementSegments();
  if (count > 1) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: expected one function table segment, found ${count}`);
  if (!names.length) return tableBase;
  let existing: string[] = [];
  let name = "0";
  if (count === 1) {
    const info = binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(0));
    if (constValue(binaryen, info.offset) !== tableBase) {
      throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: the function table segment does not start at the table base ${tableBase}`);
    }
    existing = info.data;
    name = info.name;
    module.removeElementSegment(name);
  }
  module.addActiveElementSegment("0", name, [...existing, ...names], module.i32.const(tableBase));
  return tableBase + existing.length;
}
