// Preloaded into the bot process by the bench (node --expose-gc --require): on SIGUSR2 it runs a full
// GC and writes process.memoryUsage() and V8's heap spaces (size reserved, size used) to
// BENCH_HEAP_FILE, so the soak can tell kept memory from garbage and reserved heap from used heap.
const { writeFileSync } = require('node:fs');
const { getHeapSpaceStatistics } = require('node:v8');

process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  const spaces = {};
  for (const s of getHeapSpaceStatistics())
    spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
  writeFileSync(process.env.BENCH_HEAP_FILE, JSON.stringify({ ...process.memoryUsage(), spaces }));
});
