// waiter holds fresh objects only in its frames (a local, a call operand, an array literal's
// element, a string being concatenated) across a blocking host function that waits until the
// host lets it go, while another worker allocates and collects; then reads them back. Churning
// allocates objects of the same sizes, so a box the collection wrongly freed is overwritten.

@external("host", "waitFor") declare function waitFor(flag: usize): i32;
@external("host", "tick") declare function tick(x: i32): i32;
@external("host", "tickBlocking") declare function tickBlocking(x: i32): i32;
@external("~rt", "__shared_thread_add") declare function atomicAdd(address: usize, delta: i32): i32;
@external("~rt", "__shared_thread_poll") declare function poll(): void;

class Box {
  constructor(
    public name: string,
    public values: Array<i32>,
  ) {}
}

function makeBox(tag: string, n: i32): Box {
  const values = new Array<i32>(n);
  for (let i = 0; i < n; ++i) values[i] = i * 7 + n;
  return new Box(tag + n.toString(), values);
}

function boxErrors(box: Box, tag: string, n: i32): i32 {
  let errors = box.name == tag + n.toString() ? 0 : 1;
  if (box.values.length != n) return errors + 1000;
  for (let i = 0; i < n; ++i) if (box.values[i] != i * 7 + n) ++errors;
  return errors;
}

function waited(result: i32): i32 {
  return result == 1 ? 0 : 100000;
}

function operandErrors(box: Box, result: i32, n: i32): i32 {
  return boxErrors(box, "operand", n) + waited(result);
}

/** Two words: [0] the host sets to 1 to let the waiter go, [1] waitFor sets to 1 once it waits. */
export function makeFlag(): usize {
  return __pin(changetype<usize>(new StaticArray<i32>(2)));
}

export function releaseFlag(flag: usize): void {
  __unpin(flag);
}

export function holdInLocal(flag: usize, n: i32): i32 {
  const box = makeBox("local", n);
  const result = waitFor(flag);
  return boxErrors(box, "local", n) + waited(result);
}

export function holdAsOperand(flag: usize, n: i32): i32 {
  return operandErrors(makeBox("operand", n), waitFor(flag), n);
}

export function holdInLiteral(flag: usize, n: i32): i32 {
  const boxes: Box[] = [makeBox("literal", n), makeBox("literal", waitFor(flag) * n)];
  return boxErrors(boxes[0], "literal", n) + boxErrors(boxes[1], "literal", n);
}

export function holdInConcat(flag: usize, n: i32): i32 {
  const text = "c" + n.toString() + ":" + waitFor(flag).toString();
  return text == "c" + n.toString() + ":1" ? 0 : 1;
}

/** Waits (at safepoints) until the waiter on `flag` is inside its host function. */
export function awaitWaiter(flag: usize): void {
  while (atomicAdd(flag + 4, 0) == 0) poll();
}

/** Allocates boxes of the sizes the holders use, all garbage, collecting every `collectEvery`. */
export function churn(rounds: i32, n: i32, collectEvery: i32): i32 {
  let made = 0;
  for (let r = 0; r < rounds; ++r) {
    const values = new Array<i32>(n);
    values.fill(-1);
    const box = new Box("zzzzz" + n.toString(), values);
    made += box.values.length;
    if (collectEvery && r % collectEvery == 0) __collect();
  }
  return made;
}

/** `n` host calls, plain or blocking: the cost of the wrapper per call. */
export function ticks(n: i32, blocking: bool): i32 {
  let sum = 0;
  for (let i = 0; i < n; ++i) sum += blocking ? tickBlocking(i) : tick(i);
  return sum;
}
