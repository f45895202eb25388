// Plugin 'waiter': awaits futures made by 'maker' (its own code runs on maker's results).
import { Future, then } from "@shared-rt/futures";

@external("maker", "countdown") declare function countdown(polls: i32, value: i32): Future<i32>;
@external("maker", "gate") declare function gate(key: i32): Future<i32>;
@external("maker", "text") declare function text(name: string): Future<string>;

class Label {
  constructor(public prefix: string) {}
}

function labelled(value: i32, label: Label): string {
  return label.prefix + value.toString();
}

function shout(value: string, label: Label): string {
  return label.prefix + value.toUpperCase();
}

export function labelCountdown(polls: i32, value: i32, prefix: string): Future<string> {
  return then<i32, string, Label>(countdown(polls, value), labelled, new Label(prefix));
}

export function labelGate(key: i32, prefix: string): Future<string> {
  return then<i32, string, Label>(gate(key), labelled, new Label(prefix));
}

export function shoutText(name: string): Future<string> {
  return then<string, string, Label>(text(name), shout, new Label("! "));
}

/** Awaits a future handed over by the host (made by any plugin). */
export function labelAny(f: Future<i32>, prefix: string): Future<string> {
  return then<i32, string, Label>(f, labelled, new Label(prefix));
}
