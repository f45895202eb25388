// Host imports of the hello project: `log` prints plugin name, address, length and value. The
// runner converts the arguments by the plugins' declaration
// `log(plugin: string, address: usize, length: i32, value: string)`: strings arrive as strings.
export default {
  host: {
    log(plugin, address, length, value) {
      console.log(`${plugin} ${address} ${length} ${value}`);
    },
  },
};
