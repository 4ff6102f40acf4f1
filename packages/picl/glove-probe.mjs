import { loadGlove } from '@lmkit/picl/node';
const t0 = performance.now(); const c0 = process.cpuUsage();
const t = loadGlove({ cacheDir: process.argv[2], onConvert: (m) => console.error(m) });
const c = process.cpuUsage(c0);
console.error(`words ${t.words?.length ?? '?'} wall ${((performance.now()-t0)/1000).toFixed(1)} s cpu ${((c.user+c.system)/1e6).toFixed(1)} s`);
