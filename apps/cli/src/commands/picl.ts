import { Option } from 'commander';
import { parseShard, shardPositions } from '@lmkit/tensor';
import type { Encoder } from '@lmkit/picl';
import { integerOption } from '../parse.js';
import { renderSectionBody } from '../report/index.js';
import type { RegisterCommands } from './types.js';

/** Registers `lmkit picl …`: index build/merge, search, instances and the experiment. */
export const registerPiclCommands: RegisterCommands = (program, rt) => {
  const picl = program.command('picl').description('PICL: paragraph retrieval, HNSW index, pre-training instances (arXiv 2305.09137)');
  const index = picl.command('index').description('build and merge paragraph indexes');

  index
    .command('build')
    .description('embed a corpus and write an index file')
    .requiredOption('--corpus <path>', 'a .jsonl file ({"id", "text"} per line), a .txt file or a folder of .txt/.md files')
    .addOption(new Option('--encoder <name>', 'how paragraphs are embedded').choices(['glove', 'bm25', 'trained']).default('glove'))
    .requiredOption('--out <file>', 'index file to write (atomically)')
    .addOption(new Option('--kind <kind>', 'vector index').choices(['hnsw', 'brute']).default('hnsw'))
    .option('--shard <k/n>', 'embed only shard k of n (merge the shards with `lmkit picl index merge`)')
    .option('--weights <file>', 'trained retriever weights (default: train once on the built-in corpus and cache)')
    .action(async (opts: { corpus: string; encoder: 'glove' | 'bm25' | 'trained'; out: string; kind: 'hnsw' | 'brute'; shard?: string; weights?: string }) => {
      const core = await import('@lmkit/picl');
      const node = await import('@lmkit/picl/node');
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const paragraphs = node.loadUserCorpus(opts.corpus);
      const progress = rt.progress();
      let encoder: Encoder | 'bm25' = 'bm25';
      if (opts.encoder !== 'bm25') {
        const table = node.loadGlove({ onConvert: (m) => progress.log(m) });
        if (opts.encoder === 'glove') encoder = new core.MeanGloveEncoder(table);
        else {
          await rt.initBackend();
          encoder = opts.weights ? node.loadTrainedEncoder(opts.weights, table) : node.defaultTrainedEncoder(table, { progress });
        }
      }
      const stored = node.buildIndex(paragraphs, { encoder, kind: opts.kind, progress, ...(shard ? { shard } : {}) });
      node.saveIndexFile(opts.out, stored);
      const summary = { out: opts.out, encoder: opts.encoder, kind: opts.encoder === 'bm25' ? 'bm25' : opts.kind, paragraphs: stored.index.size(), corpusParagraphs: paragraphs.length, shard: opts.shard ?? null };
      rt.output(summary, () => `wrote ${opts.out}: ${summary.paragraphs} paragraphs (${summary.encoder}, ${summary.kind}${shard ? `, shard ${opts.shard}` : ''})`);
    });

  index
    .command('merge')
    .description('merge shard index files (from --shard k/n) into one, in corpus order')
    .requiredOption('--out <file>', 'merged index file')
    .argument('<shards...>', 'shard index files')
    .action(async (shards: string[], opts: { out: string }) => {
      const node = await import('@lmkit/picl/node');
      const merged = node.mergeIndexes(shards.map((s) => node.loadIndexFile(s)));
      node.saveIndexFile(opts.out, merged);
      rt.output({ out: opts.out, paragraphs: merged.index.size(), shards: shards.length }, () => `wrote ${opts.out}: ${merged.index.size()} paragraphs from ${shards.length} shards`);
    });

  picl
    .command('search')
    .description('search an index with a text query')
    .argument('<index>', 'index file from `lmkit picl index build`')
    .argument('<query>', 'query text')
    .addOption(new Option('-k, --k <n>', 'number of results').argParser(integerOption({ min: 1 })).default(20))
    .action(async (indexPath: string, query: string, opts: { k: number }) => {
      const node = await import('@lmkit/picl/node');
      const stored = node.loadIndexFile(indexPath);
      if (stored.encoder.name === 'trained') await rt.initBackend();
      const hits = node.searchStored(stored, query, opts.k, node.queryEncoder(stored));
      rt.output({ index: indexPath, query, k: opts.k, hits }, () =>
        hits.map((h) => `${String(h.rank).padStart(3)}  ${h.score.toFixed(4)}  ${h.id}  ${h.text.length > 100 ? `${h.text.slice(0, 97)}…` : h.text}`).join('\n'),
      );
    });

  picl
    .command('instances')
    .description('build PICL instances as JSONL (k = 20 neighbours, ≤ 16 demos within the token budget, shuffled, query last)')
    .argument('<index>', 'index file over the corpus (its paragraphs are the queries)')
    .requiredOption('--out <file>', 'JSONL file of instances')
    .addOption(new Option('--budget <tokens>', 'context budget in tokens').argParser(integerOption({ min: 16 })).default(1024))
    .option('--shard <k/n>', 'build instances for shard k of n of the queries only (concatenate the shard files in any order, then sort by position)')
    .action(async (indexPath: string, opts: { out: string; budget: number; shard?: string }) => {
      const core = await import('@lmkit/picl');
      const node = await import('@lmkit/picl/node');
      const stored = node.loadIndexFile(indexPath);
      const paragraphs = stored.items.ids.map((id, i) => ({ id, text: stored.items.texts[i]! }));
      const retriever = node.retrieverForStored(stored);
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const progress = rt.progress();
      const positions = shardPositions(paragraphs.length, shard);
      progress.start('instances', positions.length);
      const instances = core.buildInstances(paragraphs, retriever, { positions, budget: opts.budget, seed: rt.globals().seed, onInstance: () => progress.tick() });
      progress.done();
      await rt.writeFileAtomic(opts.out, instances.map((x) => JSON.stringify(x)).join('\n') + '\n');
      const stats = core.instanceStats(instances);
      rt.output({ out: opts.out, ...stats }, () => `wrote ${opts.out}: ${stats.instances} instances, ${stats.meanDemos.toFixed(1)} demos and ${stats.meanTokens.toFixed(0)} tokens on average`);
    });

  picl
    .command('run')
    .description('the PICL experiment: retriever precision, instances, filter, few-shot accuracy of LMs pre-trained four ways')
    .option('--quick', 'small settings (≤ 3 minutes on 2 cores)')
    .option('--work <dir>', 'folder for checkpoints and intermediate files', '.lmkit/picl')
    .option('--out <file>', 'also write the report section as JSON')
    .action(async (opts: { quick?: boolean; work: string; out?: string }) => {
      await rt.initBackend();
      const node = await import('@lmkit/picl/node');
      const section = await node.reproducePicl({ quick: Boolean(opts.quick), seed: rt.globals().seed, workDir: opts.work, progress: rt.progress() });
      if (opts.out) await rt.writeFileAtomic(opts.out, JSON.stringify(section, null, 2));
      rt.output(section, () => `## ${section.title}\n\n${renderSectionBody(section)}`);
    });
};
