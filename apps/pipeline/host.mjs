// Host imports of the pipeline project. Stages report, for each run, the address of the text
// they were given and of the text they return: the host checks that each stage was handed
// exactly what the previous one returned (no copy on the way).
export const observed = [];

export default (host) => ({
  host: {
    observe(stage, input, output) {
      observed.push({ stage: host.readString(stage), input, output });
    },
  },
});
