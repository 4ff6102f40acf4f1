
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { initBackend } from '@lmkit/tensor';
import { TracerPool } from '/work/main/packages/trace/src/node/pool.js';
import { poolTracer } from '/work/main/packages/trace/src/datasets/node/pool-tracer.js';
import { buildRecords, type DatasetRecord } from '/work/main/packages/trace/src/datasets/build.js';
import { lexSource } from '/work/main/packages/trace/src/model/source-lexer.js';
import { TraceTokenizer } from '/work/main/packages/trace/src/model/tokenizer.js';
import { encodeExample } from '/work/main/packages/trace/src/model/examples.js';
import { TraceModel } from '/work/main/packages/trace/src/model/trace-model.js';
import { trainCurriculum } from '/work/main/packages/trace/src/model/train.js';
import { evaluateTraceModel } from '/work/main/packages/trace/src/model/evaluate.js';
async function main() {
  const file = '/tmp/lmk/sl.jsonl';
  let recs: DatasetRecord[] = [];
  if (existsSync(file)) recs = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  else {
    const pool = new TracerPool({ size: 2 });
    let t0 = Date.now();
    for await (const o of buildRecords({ set: 'singleline', seed: 1, from: 0, to: Number(process.env.N ?? 2000), concurrency: 8 }, {}, poolTracer(pool))) { if (o.record) recs.push(o.record); if (o.index % 100 === 0) console.log('at', o.index, Date.now() - t0); }
    console.log('traced', recs.length, 'ms', Date.now() - t0);
    await pool.close();
    writeFileSync(file, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
  await initBackend();
  const train = recs.slice(0, 1900), test = recs.slice(1900, 1950);
  const tok = TraceTokenizer.fit(train.flatMap((r) => [lexSource(r.source), r.trace.split(' ')]));
  console.log('vocab', tok.vocabSize);
  const ex = train.map((r) => encodeExample(tok, r.source, r.trace, 'singleline', 160)!).filter(Boolean);
  console.log('mean len', ex.reduce((a, e) => a + e.ids.length, 0) / ex.length, 'max', Math.max(...ex.map((e) => e.ids.length)));
  const model = new TraceModel(tok, { dModel: 96, numHeads: 4, numLayers: 3, maxLen: 160, seed: 1 });
  let t0 = Date.now();
  const steps = Number(process.env.STEPS ?? 300);
  const { losses } = trainCurriculum(model, [{ name: 'sl', examples: ex, steps }], { batchSize: 16, seed: 1, lr: 3e-3, onStep: (i) => { if (i.step % 50 === 0) console.log(i.step, i.loss.toFixed(3), Date.now() - t0); } });
  console.log('train ms', Date.now() - t0, 'last loss', losses.slice(-10).reduce((a, b) => a + b, 0) / 10);
  t0 = Date.now();
  const ev = evaluateTraceModel(model, test, 'singleline');
  console.log('eval ms', Date.now() - t0, JSON.stringify({ ...ev.metrics, perProgram: undefined, malformed: ev.metrics.malformed.length }));
  for (let i = 0; i < 4; i++) console.log(test[i]!.source, '\nGOLD', test[i]!.trace, '\nPRED', ev.predictions[i]!.trace);
}
await main();
