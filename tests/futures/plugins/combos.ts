// Plugin 'combos': all, race and cancellation by drop over futures of 'maker'.
import { Future, all, race } from "@shared-rt/futures";

@external("maker", "countdown") declare function countdown(polls: i32, value: i32): Future<i32>;
@external("maker", "gate") declare function gate(key: i32): Future<i32>;
@external("maker", "laterPlusOne") declare function laterPlusOne(value: i32): Future<i32>;

export function allOf(a: Future<i32>, b: Future<i32>, c: Future<i32>): Future<Array<i32>> {
  return all<i32>([a, b, c]);
}

export function raceOf(a: Future<i32>, b: Future<i32>): Future<i32> {
  return race<i32>([a, b]);
}

export function countdowns(n: i32): Future<Array<i32>> {
  const parts = new Array<Future<i32>>();
  for (let i = 0; i < n; i++) parts.push(countdown(1 + (i % 3), i * 10));
  return all<i32>(parts);
}

/** The gate never opens in time: the countdown wins and the gate's future is dropped. */
let lastLoser: Future<i32> | null = null;

export function raceGate(key: i32, polls: i32, value: i32): Future<i32> {
  const g = gate(key);
  lastLoser = g;
  return race<i32>([g, countdown(polls, value)]);
}

/** The loser's state (3 = cancelled), then forgets it. */
export function loserState(): i32 {
  const f = lastLoser;
  lastLoser = null;
  return f ? f.state : -1;
}

/** Drops a future (cancellation) and returns its state afterwards. */
export function dropIt(f: Future<i32>): i32 {
  f.drop();
  return f.state;
}

export function sumLater(n: i32): Future<Array<i32>> {
  const parts = new Array<Future<i32>>();
  for (let i = 0; i < n; i++) parts.push(laterPlusOne(i));
  return all<i32>(parts);
}

/** A host Promise that never settles loses to a countdown: the future made for it is dropped. */
export function raceLater(value: i32, polls: i32, wins: i32): Future<i32> {
  return race<i32>([laterPlusOne(value), countdown(polls, wins)]);
}
