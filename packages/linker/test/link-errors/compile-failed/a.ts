export function f(): i32 {
  return nope;
}
