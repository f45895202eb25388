// Plugin 'summer': builds a list, waits several times (allocating between waits), and sums.
@external("host", "wait") declare function wait(key: i32): i32;

export function sum(key: i32, rounds: i32): string {
  let items = new Array<string>();
  let total: i64 = 0;
  for (let r = 0; r < rounds; ++r) {
    items.push("r" + r.toString() + ":" + key.toString());
    let got = wait(key * 100 + r);
    total += <i64>got;
    // Garbage between waits, so collections have something to free.
    let junk = new Array<string>();
    for (let j = 0; j < 8; ++j) junk.push(j.toString());
  }
  return items.join(",") + "=" + total.toString();
}
