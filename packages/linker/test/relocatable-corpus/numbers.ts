// Number formatting and parsing, Math and Date: the parts of the standard library whose
// static tables (powers of ten, digit pairs, Grisu/Ryu constants, month names) are indexed
// with folded offsets in optimized code.

// The exact export that failed at -O3 (genDigits reads a table at "start - 2").
export function show(x: f64): string {
  return x.toString();
}

export function showF32(x: f32): string {
  return x.toString();
}

export function showI64(x: i64): string {
  return x.toString();
}

export function showU64(x: u64): string {
  return x.toString() + " " + x.toString(16) + " " + x.toString(2);
}

export function radixes(x: i32): string {
  return [x.toString(), x.toString(2), x.toString(8), x.toString(16), x.toString(36), (<u32>x).toString(), (<i8>x).toString(), (<u16>x).toString()].join("|");
}

/** Formats many floats in one go: every branch of dtoa (exponents, subnormals, specials). */
export function floats(): string {
  const values: f64[] = [0, -0.0, 1, -1, 0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 1.2345678901234568e20, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, Math.PI, -Math.E, NaN, Infinity, -Infinity, 4.35, 0.000001, 123.456];
  const out = new Array<string>();
  for (let i = 0; i < values.length; ++i) out.push(values[i].toString());
  const singles: f32[] = [0.1, 1.5, 3.4028235e38, 1e-45, -2.5, <f32>Math.PI];
  for (let i = 0; i < singles.length; ++i) out.push(singles[i].toString());
  return out.join(",");
}

/** What AssemblyScript has instead of toFixed: scale, round, format. */
export function fixed(x: f64, digits: i32): string {
  const scale = Math.pow(10, digits);
  const rounded = Math.round(x * scale) / scale;
  const whole = <i64>Math.trunc(rounded);
  const frac = <i64>Math.round(Math.abs(rounded - <f64>whole) * scale);
  return whole.toString() + (digits > 0 ? "." + frac.toString().padStart(digits, "0") : "");
}

// The exact export that failed at -O3 (strtod reads a table at a folded offset).
export function pf(text: string): f64 {
  return parseFloat(text);
}

export function parses(): string {
  const out = new Array<string>();
  const floats = ["3.14", "  -0.5e-3", "1e308", "1e309", "abc", "0x10", "12px", ".5", "-Infinity", "4.9e-324", "123456789.123456789"];
  for (let i = 0; i < floats.length; ++i) out.push(parseFloat(floats[i]).toString());
  const ints = ["42", "-17", "0x1f", "0b101", "z", "  99 bottles", "2147483648", ""];
  for (let i = 0; i < ints.length; ++i) out.push(parseInt(ints[i]).toString() + "/" + parseInt(ints[i], 36).toString());
  out.push(I64.parseInt("-9223372036854775808").toString());
  out.push(U64.parseInt("18446744073709551615").toString());
  out.push(I32.parseInt("ff", 16).toString());
  out.push(U8.parseInt("300").toString());
  out.push(F32.parseFloat("1.17549435e-38").toString());
  out.push(F64.parseFloat("2.2250738585072014e-308").toString());
  return out.join(",");
}

export function maths(x: f64): string {
  const out: f64[] = [
    Math.sin(x), Math.cos(x), Math.tan(x), Math.asin(x / 10), Math.atan2(x, 2), Math.sinh(x / 4),
    Math.pow(x, 3.5), Math.pow(2, -x), Math.exp(x), Math.expm1(x), Math.log(x), Math.log10(x), Math.log2(x),
    Math.cbrt(x), Math.sqrt(x), Math.hypot(x, 3), Math.fround(x), Math.sign(-x), Math.clz32(<f64><i32>x),
    <f64>Mathf.sin(<f32>x), <f64>Mathf.pow(<f32>x, 1.5), <f64>Mathf.exp(<f32>x),
  ];
  return out.join(" ");
}

/** Math.random is seeded, so linked and relocatable builds draw the same numbers. */
export function randoms(seed: i64): string {
  Math.seedRandom(seed);
  const out = new Array<string>();
  for (let i = 0; i < 5; ++i) out.push(Math.random().toString());
  return out.join(" ");
}

export function dates(ms: i64): string {
  const d = new Date(ms);
  const parts = [
    d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds(),
  ];
  const e = Date.fromString("2024-02-29T23:59:58.123Z");
  e.setUTCDate(1);
  return parts.join(":") + " " + d.toISOString() + " " + d.toUTCString() + " " + d.toDateString() + " " + d.toTimeString() + " " + e.toISOString() + " " + Date.UTC(1999, 11, 31).toString() + " " + d.getTime().toString();
}
