// Host imports of the hello project: `log` prints plugin name, address, length and value.
export default (host) => ({
  host: {
    log(plugin, address, length, value) {
      console.log(`${host.readString(plugin)} ${address} ${length} ${host.readString(value)}`);
    },
  },
});
