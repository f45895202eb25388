/**
 * What `__shared_register` answers below zero. The runtime's AssemblyScript half
 * (`@shared-rt/runtime`'s `assembly/abi.ts`) returns them; a parity test keeps both equal.
 */
export const REGISTER_CODES = {
  abiMismatch: -1,
  classRangeReserved: -2,
  classRangeTaken: -3,
  rttiMismatch: -4,
  /** A shared class id another plugin registered first, with other RTTI flags. */
  sharedFlagsMismatch: -5,
} as const;

export type RegisterCode = (typeof REGISTER_CODES)[keyof typeof REGISTER_CODES];

/** What a refused registration was about: the plugin's ABI and class range. */
export interface RegisteredPlugin {
  abi: number;
  /** `base`/`count`: its private range; `names`: all its classes (compact order), if known. */
  classes: { base: number; count: number; rttiBase: number; names?: string[] };
}

const REASONS: Record<RegisterCode, (p: RegisteredPlugin, runtimeAbi: number) => string> = {
  [REGISTER_CODES.abiMismatch]: (p, abi) => `it was built for shared-rt ABI ${p.abi}, the runtime speaks ABI ${abi}`,
  [REGISTER_CODES.classRangeReserved]: (p) =>
    `its class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} lie in the range reserved for the runtime`,
  [REGISTER_CODES.classRangeTaken]: (p) => `its class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} overlap another plugin's`,
  [REGISTER_CODES.rttiMismatch]: (p) => `its RTTI table at ${p.classes.rttiBase} does not describe ${p.classes.names?.length ?? p.classes.count} classes`,
  [REGISTER_CODES.sharedFlagsMismatch]: () =>
    "a shared class it registers has other RTTI flags than in the plugin that registered it first (the two builds disagree on what the class is)",
};

/** Why the runtime refused a registration, in words; any other answer is quoted. */
export function registerRefusal(code: number, plugin: RegisteredPlugin, runtimeAbi: number): string {
  return REASONS[code as RegisterCode]?.(plugin, runtimeAbi) ?? `the runtime answered ${code}`;
}
