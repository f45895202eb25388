// The scenarios jspi-driver.mjs (Node) and the Chromium page run, and the JS model they are
// checked against. Engine-agnostic: given a loaded host and the list the host functions push
// their pending waits onto ({ key, kind, resolve, reject }).
//
// Call i (1-based) uses keys no other call uses, so a wait names its call:
//   reader.readTwice(i)      waits on text(i), text(i + 1000)
//   chain.relay(i)           waits on text(i), text(i + 1000) (inside reader), num(i + 2000)
//   summer.sum(100 + i, r)   waits on num(10000 + 100 i + j), j < r
//   reader.failAfter(i)      waits on num(i), then aborts; reader.trapAfter(i): num(i), then traps

import { seededRandom } from "@shared-rt/fixtures/seeded-random";

const text = (key) => `t${key}`;
const num = (key) => key * 3;
const callOf = (key) => (key >= 10000 ? Math.floor(key / 100) - 100 : key % 1000);

/** A call of kind `kind` for call number i: what to call and what it must give. */
function plan(kind, i, rounds) {
  const read = (k) => `k${k}|${text(k)}|${text(k + 1000)}`;
  switch (kind) {
    case "read":
      return { plugin: "reader", name: "readTwice", args: [i], ok: read(i) };
    case "relay":
      return { plugin: "chain", name: "relay", args: [i], ok: `chain${i}<${read(i)}>${num(i + 2000)}` };
    case "sum": {
      const k = 100 + i;
      const items = Array.from({ length: rounds }, (_, r) => `r${r}:${k}`).join(",");
      let total = 0;
      for (let r = 0; r < rounds; ++r) total += num(k * 100 + r);
      return { plugin: "summer", name: "sum", args: [k, rounds], ok: `${items}=${total}` };
    }
    case "abort":
      return { plugin: "reader", name: "failAfter", args: [i], code: "PLUGIN_ABORT" };
    default:
      return { plugin: "reader", name: "trapAfter", args: [i], code: "PLUGIN_TRAP" };
  }
}

/**
 * The host functions: each pushes a wait the scenario settles. `wait(4242)` (the `nested`
 * scenario) first calls a plugin synchronously and starts another async call from inside the
 * host function, whose Promise it returns: a suspended call waiting on another one.
 */
export function jspiImports(waits, host) {
  const later = (key, kind) => new Promise((resolve, reject) => waits.push({ key, kind, resolve, reject }));
  return {
    host: {
      fetchText: (key) => later(key, "text"),
      wait: (key) => {
        if (key !== 4242) return later(key, "num");
        const plain = host().call("reader", "plain", 9);
        return host()
          .callAsync("reader", "readTwice", 5)
          .then((text) => text.length + plain);
      },
    },
  };
}

/** `nested`: reader.waitOnce(4242) waits on a host function that itself runs reader.readTwice(5) async. */
async function nested(host, waits) {
  host.collect();
  const baseline = host.heapLive;
  const result = host.callAsync("reader", "waitOnce", 4242);
  while (waits.length > 0 || host.pendingAsyncCalls.pending > 0) {
    const w = waits.shift();
    if (w) w.resolve(text(w.key));
    host.collect();
    await tick();
  }
  const got = await result;
  host.collect();
  const problems = got === 11 + 10 + 1 ? [] : [{ what: "reader.waitOnce(4242)", want: 22, got }];
  const after = { heapLive: host.heapLive, pending: host.pendingAsyncCalls.pending, pins: host.pins.size, plain: host.call("reader", "plain", 41) };
  return { scenario: "nested", calls: 2, collections: 0, peakSuspended: host.pendingAsyncCalls.peak, baseline, after, problems };
}

const tick = () => new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * `overlap`: `count` calls of the three plugins (no failures), all started before any wait is
 * settled, then waits settled in random order with a full collection after each.
 * `fuzz`: `count` random steps of start / resolve / reject / collect / tick, failures included.
 */
export async function runScenario(host, waits, scenario, seed, count) {
  if (scenario === "nested") return nested(host, waits);
  const rand = seededRandom(seed);
  const pick = (n) => Math.floor(rand() * n);
  const fuzz = scenario === "fuzz";
  const kinds = fuzz ? ["read", "relay", "sum", "abort", "trap"] : ["read", "relay", "sum"];
  host.collect();
  const baseline = host.heapLive;
  const pinsBefore = host.pins.size;
  const calls = new Map();
  const problems = [];
  let collections = 0;
  let peakSuspended = 0;
  const start = (i) => {
    const call = plan(kinds[pick(kinds.length)], i, 1 + pick(4));
    calls.set(i, call);
    call.done = host.callAsync(call.plugin, call.name, ...call.args).then(
      (value) => {
        call.got = { ok: value };
      },
      (error) => {
        call.got = { code: error.code ?? String(error), message: error.message };
      },
    );
  };
  const settleOne = (reject) => {
    const [w] = waits.splice(pick(waits.length), 1);
    if (reject) {
      calls.get(callOf(w.key)).code = "HOST_ERROR";
      w.reject(new Error(`no ${w.kind} for ${w.key}`));
    } else w.resolve(w.kind === "text" ? text(w.key) : num(w.key));
  };
  const collect = () => {
    host.collect();
    collections++;
  };
  let started = 0;
  if (!fuzz) {
    while (started < count) start(++started);
    peakSuspended = waits.length;
    while (waits.length > 0) {
      settleOne(false);
      await tick();
      collect();
    }
  } else {
    for (let step = 0; step < count; ++step) {
      const r = rand();
      if ((r < 0.3 || waits.length === 0) && started < 999) start(++started);
      else if (r < 0.7 && waits.length > 0) settleOne(false);
      else if (r < 0.78 && waits.length > 0) settleOne(true);
      else if (r < 0.9) collect();
      else await tick();
      peakSuspended = Math.max(peakSuspended, host.pendingAsyncCalls.pending);
    }
    // Drain: every remaining wait answered.
    while (waits.length > 0 || [...calls.values()].some((c) => !c.got)) {
      if (waits.length > 0) settleOne(false);
      await tick();
    }
  }
  await Promise.all([...calls.values()].map((c) => c.done));
  for (const [i, call] of calls) {
    const want = call.code ? { code: call.code } : { ok: call.ok };
    const got = call.got.code ? { code: call.got.code } : { ok: call.got.ok };
    if (JSON.stringify(want) !== JSON.stringify(got)) problems.push({ call: i, what: `${call.plugin}.${call.name}(${call.args})`, want, got: call.got });
  }
  host.collect();
  const after = {
    heapLive: host.heapLive,
    pending: host.pendingAsyncCalls.pending,
    pins: host.pins.size - pinsBefore,
    plain: host.call("reader", "plain", 41),
  };
  return { scenario, seed, calls: calls.size, collections, peakSuspended, baseline, after, problems };
}
