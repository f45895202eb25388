// Plugin 'fetcher': waits on host I/O straight-line (JSPI): reads a file, asks the local HTTP
// server for a note about it, and hands both to 'stats'. Each call of `summarize` is started
// with host.callAsync; many are suspended at once, each on its own shadow-stack segment.
@external("host", "readText") declare function readText(name: string): string;
@external("host", "httpGet") declare function httpGet(route: string): string;
@external("stats", "countWords") declare function countWords(text: string): i32;
@external("stats", "longest") declare function longest(words: Array<string>): string;

export function summarize(name: string): string {
  const text = readText(name); // suspends until the file is read
  const words = text.trim().split(" ");
  const note = httpGet("/note/" + name); // suspends again, on a request to 127.0.0.1
  return name + ": " + countWords(text).toString() + " words, longest '" + longest(words) + "', " + note;
}
