/**
 * Preloaded (`node --import`) into every command a queue worker starts: when the worker dies, even by
 * SIGKILL, its IPC channel closes and the command exits at once instead of writing on as an orphan
 * while another worker takes over its shard.
 */
if (process.send && process.channel) {
  process.channel.unref(); // the channel alone must not keep a finished command alive
  process.on('disconnect', () => process.exit(137));
}
export {};
