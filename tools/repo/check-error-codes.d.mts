/** The error-code problems of the package in `dir` (see check-error-codes.mjs); empty when none. */
export function checkPackage(dir: string): string[];
