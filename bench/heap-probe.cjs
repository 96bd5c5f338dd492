// Preloaded into the bot process by the bench (node --expose-gc --require): on SIGUSR2 it runs a full
// GC and writes process.memoryUsage() to BENCH_HEAP_FILE, so the soak can tell kept memory from garbage.
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  writeFileSync(process.env.BENCH_HEAP_FILE, JSON.stringify(process.memoryUsage()));
});
