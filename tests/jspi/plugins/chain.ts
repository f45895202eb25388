// Plugin 'chain': calls 'reader' (which suspends inside), so frames of two plugins sit on the
// suspended call's stack segment.
@external("reader", "readTwice") declare function readTwice(key: i32): string;
@external("host", "wait") declare function wait(key: i32): i32;

class Note {
  constructor(public text: string) {}
}

export function relay(key: i32): string {
  let note = new Note("chain" + key.toString());
  let inner = readTwice(key);
  let extra = wait(key + 2000);
  return note.text + "<" + inner + ">" + extra.toString();
}
