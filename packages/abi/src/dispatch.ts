/**
 * Virtual dispatch and `instanceof` across plugins: what a plugin records about its override
 * stubs and its classes' ancestors, and the runtime's registry that answers "which table slot
 * runs method M for an object of class C".
 *
 * AssemblyScript compiles a call of an overridable method into a stub `<Class>#<method>@override`
 * that switches over the class ids the calling module knows. shared-init keeps that switch and
 * makes its default ask the runtime (`__shared_dispatch_lookup(classId, declaringClassId,
 * ordinal)`): the answer is the slot of the stub of the plugin that owns the class (which has a
 * case for it), or {@link DISPATCH_INHERITS} (the class inherits the method: run the caller's
 * own default). A pair nobody registered traps, naming class and method; the base method never
 * runs in place of an override.
 *
 * A method is keyed by its DECLARING class's id plus its ordinal among that class's overridable
 * members in source order, not by one combined number: a class id is relocated like any other,
 * an ordinal never moves.
 */

/** The runtime's answer for a class that inherits the method from the stub's declaring class. */
export const DISPATCH_INHERITS = 0xffffffff;

/** Ordinal under which `isA(classId, ancestorId)` pairs are registered (row of the instances). */
export const DISPATCH_IS_A = 0xffffffff;

/** Why the runtime stopped a call (the kind word of the miss record). */
export const DISPATCH_MISS_KINDS = {
  /** No plugin registered the (class, method) pair: the owner was built without its stubs, or the id is forged. */
  unregistered: 1,
  /** A generic method (`tag<U>()`) called on a class the calling plugin does not know. */
  generic: 2,
  /** The runtime answered "inherits" for an abstract or interface method. */
  abstract: 3,
} as const;

/** Stub of one overridable method of a shared class, as compiled in one plugin. */
export interface DispatchStub {
  /** Internal name of the method the stub dispatches: `shared/animals/Animal#speak`, `…#get:legs`. */
  method: string;
  /** Class id of the class (or interface) that declares it. */
  declaring: number;
  /** Its ordinal among the declaring class's overridable members; absent for a generic method. */
  ordinal?: number;
  /** Table slot of the stub; absent for a generic method (never called from another plugin). */
  slot?: number;
  /** Class ids the stub's switch has a case for (they run an override this plugin compiled). */
  cases: number[];
  /** Class ids this plugin compiled that inherit the method as declared. */
  inherits: number[];
}

/** What a plugin records for dispatch (`PluginLayout.dispatch`, `ManifestPlugin.dispatch`). */
export interface DispatchLayout {
  stubs: DispatchStub[];
  /**
   * Every class this plugin compiled that is assignable to a shared class or interface, with
   * those (its own id included when it is shared itself): `instanceof` and checked casts of
   * another plugin's objects ask the runtime. Keyed by class id (decimal).
   */
  isA: Record<string, number[]>;
}

/**
 * The runtime calls of registering `dispatch`: `(classId, declaringId, ordinal, value)` each,
 * in a fixed order. Pure, so the host and tests agree.
 */
export function dispatchRegistrations(dispatch: DispatchLayout): [number, number, number, number][] {
  const calls: [number, number, number, number][] = [];
  for (const [id, ancestors] of Object.entries(dispatch.isA)) {
    for (const ancestor of ancestors) calls.push([Number(id), ancestor, DISPATCH_IS_A, 1]);
  }
  for (const stub of dispatch.stubs) {
    if (stub.ordinal === undefined || stub.slot === undefined) continue;
    for (const id of stub.cases) calls.push([id, stub.declaring, stub.ordinal, stub.slot]);
    for (const id of stub.inherits) calls.push([id, stub.declaring, stub.ordinal, DISPATCH_INHERITS]);
  }
  return calls;
}

/** `dispatch` with its own class ids and table slots moved (a relocatable plugin placed at load). */
export function relocateDispatch(dispatch: DispatchLayout, classId: (id: number) => number, slot: (s: number) => number): DispatchLayout {
  return {
    stubs: dispatch.stubs.map((s) => ({
      ...s,
      declaring: classId(s.declaring),
      ...(s.slot !== undefined ? { slot: slot(s.slot) } : {}),
      cases: s.cases.map(classId),
      inherits: s.inherits.map(classId),
    })),
    isA: Object.fromEntries(Object.entries(dispatch.isA).map(([id, list]) => [String(classId(Number(id))), list.map(classId)])),
  };
}
