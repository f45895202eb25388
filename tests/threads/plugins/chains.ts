// Allocation-heavy work for the contended-allocation test (threads-alloc.test.ts): chains of
// cells held only in a local, so that every collection another worker forces must find them on
// this worker's shadow stack; each chain is checked cell by cell before it is dropped.

class Cell {
  constructor(
    public value: i32,
    public next: Cell | null,
  ) {}
}

/**
 * Allocates `n` cells in chains of `length`, each cell's value derived from `seed`, and walks
 * every chain when it is complete. Returns the number of wrong cells seen (a freed or reused cell
 * shows a different value or a different length).
 */
export function churnChains(n: i32, length: i32, seed: i32): i32 {
  let errors = 0;
  let chain: Cell | null = null;
  for (let i = 0; i < n; ++i) {
    chain = new Cell(i ^ seed, i % length ? chain : null);
    if (i % length == length - 1) {
      let cell: Cell | null = chain;
      let k = i;
      while (cell) {
        if (cell.value != (k ^ seed)) ++errors;
        --k;
        cell = cell.next;
      }
      if (k != i - length) ++errors;
    }
  }
  return errors;
}
