// Objects made on one worker and then kept, pinned and grown only by another (threads-arena.test.ts):
// the threaded runtime hands small objects out of per-worker caches without its mutex, so an
// object fresh from one worker's cache must be an ordinary object to every other worker at once.

class Box {
  constructor(
    public value: i32,
    public label: string,
    public items: Array<i32>,
  ) {}
}

/** What this worker's instance keeps (plugin globals are per worker). */
let made: Array<Box> | null = null;
let adopted: Array<Box> = new Array<Box>();
let pins: Array<usize> = new Array<usize>();

/** A box's value follows from its label alone, so that a box can be checked without its maker's seed. */
function expected(seed: i32, i: i32): i32 {
  return (seed + i) * 7;
}

/** Makes `n` boxes on this worker, kept in its global until the next make; their array's address. */
export function make(n: i32, seed: i32): usize {
  const boxes = new Array<Box>();
  for (let i = 0; i < n; ++i) boxes.push(new Box(expected(seed, i), (seed + i).toString(), [i]));
  made = boxes;
  return changetype<usize>(boxes);
}

/**
 * On another worker: checks the boxes at `address` (made by make, still kept by their maker),
 * pins every third, grows every box's items by `grow` (new buffers made here), and keeps them all
 * in this worker's global. Returns the wrong values seen.
 */
export function adopt(address: usize, n: i32, seed: i32, grow: i32): i32 {
  const boxes = changetype<Array<Box>>(address);
  let errors = boxes.length == n ? 0 : 1000000;
  for (let i = 0; i < boxes.length; ++i) {
    const box = boxes[i];
    if (box.value != expected(seed, i) || box.label != (seed + i).toString() || box.items.length != 1 || box.items[0] != i) ++errors;
    if (i % 3 == 0) pins.push(__pin(changetype<usize>(box)));
    for (let j = 0; j < grow; ++j) box.items.push(j);
    adopted.push(box);
  }
  return errors;
}

/** The maker lets go of its boxes: from now on another worker's global is all that keeps them. */
export function forget(): void {
  made = null;
}

/** Checks every adopted box (kept since adopt, grown by `grow`), after the makers forgot them. */
export function checkAdopted(grow: i32): i32 {
  let errors = 0;
  for (let i = 0; i < adopted.length; ++i) {
    const box = adopted[i];
    if (box.value != I32.parseInt(box.label) * 7) ++errors;
    if (box.items.length != 1 + grow) ++errors;
    else for (let j = 0; j < grow; ++j) if (box.items[1 + j] != j) ++errors;
  }
  return errors;
}

/** Small garbage and a few collections, while the other workers adopt and check. */
export function churn(n: i32, collectEvery: i32): i32 {
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const box = new Box(i, "c", [i, i + 1]);
    if (box.items[1] != i + 1) ++errors;
    if (collectEvery && i % collectEvery == 0) __collect();
  }
  return errors;
}

/** Unpins what this worker pinned and drops what it adopted. */
export function release(): void {
  for (let i = 0; i < pins.length; ++i) __unpin(pins[i]);
  pins = new Array<usize>();
  adopted = new Array<Box>();
  made = null;
}
