import { readFileSync } from 'node:fs';
import { initBackend } from '@lmkit/tensor';
import { loadTraceModel } from './node/model-file.js';
await initBackend();
const { model, meta } = await loadTraceModel('/tmp/lmk/rep/out/.work/trace/trace-model.lmkit');
console.log(JSON.stringify(meta.info?.stages), (meta.info?.losses as number[]).slice(-5));
const recs = readFileSync('/tmp/lmk/rep/out/.work/trace/singleline.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l)).slice(600, 606);
for (const r of recs) {
  const p = model.predict(r.source, 'singleline');
  console.log(r.source.trim().replace(/\n/g, ' | '), '\nGOLD', r.trace, '\nPRED', p.trace, p.stop);
}
