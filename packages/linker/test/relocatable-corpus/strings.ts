// Strings: case mapping (large static tables), splitting, replacing, padding, code points,
// template literals, UTF-8 and UTF-16 conversion.

export function cases(text: string): string {
  return text.toUpperCase() + "|" + text.toLowerCase() + "|" + "ǅungla İstanbul ß ﬁ Σίσυφος".toUpperCase() + "|" + "ΑΣ ΣΑΣ İ".toLowerCase();
}

export function splits(text: string): string {
  const words = text.split(" ");
  const chars = "a,b,,c".split(",");
  const limited = text.split("", 3);
  return `${words.length}:${words.join("_")} ${chars.length}:${chars.join("+")} ${limited.join("-")}`;
}

export function replaces(text: string): string {
  return text.replace("o", "0") + "|" + text.replaceAll("o", "<o>") + "|" + text.replaceAll("", ".") + "|" + "aaa".replaceAll("a", "bb");
}

export function pads(text: string, width: i32): string {
  return "[" + text.padStart(width, "*-") + "][" + text.padEnd(width) + "][" + "  " + text + "\t\n".trim() + "][" + ("  x " + text + " \n").trimStart() + "][" + ("\u00a0" + text + "  ").trimEnd() + "][" + (" " + text + " ").trim() + "]";
}

export function codes(text: string): string {
  const out = new Array<string>();
  for (let i = 0; i < text.length; ++i) out.push(text.charCodeAt(i).toString(16));
  out.push(text.codePointAt(0).toString());
  out.push(String.fromCharCode(72) + String.fromCharCode(105) + String.fromCharCode(0xd83d, 0xde00) + String.fromCharCodes([0x48, 0x69]));
  out.push(String.fromCodePoint(0x1f600) + String.fromCodePoint(0x41));
  out.push(text.charAt(1) + text.at(-1));
  return out.join(" ");
}

export function templates(name: string, n: i32): string {
  const pi: f64 = 3.25;
  const big: i64 = -1234567890123;
  return `hello ${name}, n=${n}, n*2=${n * 2}, pi=${pi}, big=${big}, bool=${n > 3}, nested=${`[${name.length}]`}`;
}

export function searching(text: string): string {
  return [
    text.indexOf("o").toString(), text.lastIndexOf("o").toString(), text.includes("wor").toString(), text.startsWith("he").toString(),
    text.endsWith("ld").toString(), text.slice(1, -1), text.substring(3), text.substr(2, 3), text.repeat(2), text.concat("!"),
    text.localeCompare("hello").toString(), (text == "hello world").toString(), (text < "zebra").toString(),
  ].join("|");
}

export function utf(text: string): string {
  const bytes = String.UTF8.encode(text, true);
  const back = String.UTF8.decode(bytes, true);
  const wide = String.UTF16.encode(text);
  return `${bytes.byteLength} ${back} ${wide.byteLength} ${String.UTF16.decode(wide)} ${String.UTF8.byteLength(text)}`;
}

/** Builds many short-lived strings, so the collector runs in the middle of the call. */
export function churn(rounds: i32): string {
  let last = "";
  let total = 0;
  for (let i = 0; i < rounds; ++i) {
    const s = `${i}:` + i.toString(16).padStart(8, "0").toUpperCase();
    total += s.length;
    last = s;
  }
  return last + " " + total.toString();
}
