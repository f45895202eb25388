// Numbers in arrays and typed arrays, both ways.
export function squares(n: i32): Array<i32> {
  const out = new Array<i32>();
  for (let i = 1; i <= n; i++) out.push(i * i);
  return out;
}

export function total(xs: Array<i32>): i64 {
  let sum: i64 = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum;
}

export function mean(xs: Float64Array): f64 {
  let sum = 0.0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return xs.length ? sum / xs.length : 0;
}
