// A text pipeline: every stage is a plugin exporting `run(text: string): string`, chained by
// the host. The text crosses from stage to stage as an owned handle, a pointer into the one
// shared heap: no stage's output is copied into JS or re-allocated for the next stage.

export class Pipeline {
  /**
   * @param {import("@shared-rt/runner").SharedHost} host
   * @param {string[]} stages plugin names, in order
   */
  constructor(host, stages) {
    for (const stage of stages) {
      const signature = host.plugin(stage).manifest.exports.run;
      if (signature?.params.join() !== "string" || signature.result !== "string") {
        throw new TypeError(`stage '${stage}' must export run(text: string): string`);
      }
    }
    this.host = host;
    this.stages = stages;
  }

  /**
   * Runs `text` through every stage. Returns the final text as an owned handle (dispose it),
   * which can go on to another plugin as it is, plus the address each stage produced.
   */
  runOwned(text) {
    let current = this.host.allocate("string", text);
    const addresses = [current.ptr];
    try {
      for (const stage of this.stages) {
        const next = this.host.callOwned(stage, "run", current);
        current.dispose();
        current = next;
        addresses.push(current.ptr);
      }
      return { text: current, addresses };
    } catch (error) {
      current.dispose();
      throw error;
    }
  }

  /** Runs `text` through every stage and copies the result out. */
  run(text) {
    const { text: result } = this.runOwned(text);
    try {
      return result.value;
    } finally {
      result.dispose();
    }
  }
}
