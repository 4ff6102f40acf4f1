import { Option } from 'commander';
import { LmkitError, parseShard, shardPositions } from '@lmkit/tensor';
import type { Encoder } from '@lmkit/picl';
import type { LanceStoreOptions } from '@lmkit/picl/node';
import { integerOption } from '../parse.js';
import { renderSectionBody } from '../report/index.js';
import type { RegisterCommands } from './types.js';

interface IndexBuildFlags {
  corpus: string;
  encoder: 'glove' | 'bm25' | 'trained';
  out: string;
  kind: 'hnsw' | 'brute';
  store: string;
  lanceIndex?: 'ivf-pq' | 'hnsw-sq';
  lancePartitions?: number;
  lanceSubVectors?: number;
  lanceNprobes?: number;
  lanceRefine?: number;
  shard?: string;
  weights?: string;
}

/** The LanceDB parameters given on the command line (the rest keep LANCE_DEFAULTS). */
function lanceOptions(o: IndexBuildFlags): LanceStoreOptions {
  return {
    ...(o.lanceIndex ? { index: o.lanceIndex } : {}),
    ...(o.lancePartitions ? { numPartitions: o.lancePartitions } : {}),
    ...(o.lanceSubVectors ? { numSubVectors: o.lanceSubVectors } : {}),
    ...(o.lanceNprobes ? { nprobes: o.lanceNprobes } : {}),
    ...(o.lanceRefine ? { refineFactor: o.lanceRefine } : {}),
  };
}

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
    .addOption(new Option('--kind <kind>', 'vector index (same as --store hnsw|exact)').choices(['hnsw', 'brute']).default('hnsw').hideHelp())
    .option('--store <store>', 'where the vectors go: hnsw (hnswlib-node, in the index file), exact (exact search, in the index file) or lancedb:DIR (a Lance table in DIR with an IVF-PQ index; memory does not grow with the corpus)', 'hnsw')
    .addOption(new Option('--lance-index <type>', 'lancedb: vector index type').choices(['ivf-pq', 'hnsw-sq']))
    .addOption(new Option('--lance-partitions <n>', 'lancedb: IVF partitions (default √rows)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--lance-sub-vectors <n>', 'lancedb: PQ sub-vectors, must divide the dimension (default dim/4)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--lance-nprobes <n>', 'lancedb: partitions searched per query (default 15% of the partitions, at least 24)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--lance-refine <n>', 'lancedb: candidates re-ranked exactly, × k (default 10)').argParser(integerOption({ min: 1 })))
    .option('--shard <k/n>', 'embed only shard k of n (merge the shards with `lmkit picl index merge`)')
    .option('--weights <file>', 'trained retriever weights (default: train once on the built-in corpus and cache)')
    .action(async (opts: IndexBuildFlags) => {
      const core = await import('@lmkit/picl');
      const node = await import('@lmkit/picl/node');
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const store = node.parseStore(opts.store !== 'hnsw' || opts.kind === 'hnsw' ? opts.store : 'exact');
      if (store.kind === 'lancedb' && (shard || opts.encoder === 'bm25')) {
        throw new LmkitError('LMKIT_BAD_ARGUMENT', shard ? '--store lancedb:DIR builds one table: drop --shard (a table is appended to batch by batch and resumes after a kill)' : '--store lancedb:DIR needs a dense encoder (glove or trained), not bm25');
      }
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
      const stored =
        store.kind === 'lancedb'
          ? await node.buildLanceIndex(paragraphs, { encoder: encoder as Encoder, dir: store.dir, lance: lanceOptions(opts), progress })
          : node.buildIndex(paragraphs, { encoder, kind: store.kind, progress, ...(shard ? { shard } : {}) });
      node.saveIndexFile(opts.out, stored);
      const kind = opts.encoder === 'bm25' ? 'bm25' : store.kind === 'lancedb' ? `lancedb ${store.dir}` : store.kind;
      const summary = { out: opts.out, encoder: opts.encoder, kind, paragraphs: stored.index.size(), corpusParagraphs: paragraphs.length, shard: opts.shard ?? null };
      rt.output(summary, () => `wrote ${opts.out}: ${summary.paragraphs} paragraphs (${summary.encoder}, ${summary.kind}${shard ? `, shard ${opts.shard}` : ''})`);
    });

  index
    .command('merge')
    .description('merge shard index files (from --shard k/n) into one, in corpus order')
    .requiredOption('--out <file>', 'merged index file')
    .argument('<shards...>', 'shard index files')
    .action(async (shards: string[], opts: { out: string }) => {
      const node = await import('@lmkit/picl/node');
      const parts = shards.map((s) => node.loadIndexFile(s));
      if (parts.some((p) => p.index instanceof node.LanceTableRef)) throw new LmkitError('LMKIT_BAD_ARGUMENT', 'index files of a LanceDB store are not sharded: give shard files built with --store hnsw or exact');
      const merged = node.mergeIndexes(parts);
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
      const encoder = node.queryEncoder(stored);
      const hits = stored.index instanceof node.LanceTableRef ? await node.searchLance(stored, query, opts.k, encoder!) : node.searchStored(stored, query, opts.k, encoder);
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
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
      const progress = rt.progress();
      const positions = shardPositions(paragraphs.length, shard);
      const retriever = stored.index instanceof node.LanceTableRef ? await node.lanceRetriever(await stored.index.open(), positions, core.PICL_K) : node.retrieverForStored(stored);
      progress.start('instances', positions.length);
      const instances = core.buildInstances(paragraphs, retriever, { positions, budget: opts.budget, seed: rt.globals().seed, onInstance: () => progress.tick() });
      progress.done();
      await rt.writeFileAtomic(opts.out, instances.map((x) => JSON.stringify(x)).join('\n') + '\n');
      const stats = core.instanceStats(instances);
      rt.output({ out: opts.out, ...stats }, () => `wrote ${opts.out}: ${stats.instances} instances, ${stats.meanDemos.toFixed(1)} demos and ${stats.meanTokens.toFixed(0)} tokens on average`);
    });

  picl
    .command('run')
    .description('the PICL experiment: retriever precision, instances, loss filter, LMs pre-trained four ways × seeds, in-context gain and few-shot accuracy on held-out tasks')
    .option('--quick', 'small settings (about a minute on 2 cores)')
    .option('--work <dir>', 'folder for checkpoints and intermediate files (rerun with the same folder to resume)', '.lmkit/picl')
    .option('--settings <file>', 'JSON file overriding settings of the preset, e.g. {"seeds": 5, "lm": {"steps": 800}}')
    .addOption(new Option('--processes <n>', 'pre-training processes at a time (one core each)').argParser(integerOption({ min: 1 })).default(2))
    .option('--out <file>', 'also write the report section as JSON')
    .action(async (opts: { quick?: boolean; work: string; settings?: string; processes: number; out?: string }) => {
      await rt.initBackend();
      const core = await import('@lmkit/picl');
      const node = await import('@lmkit/picl/node');
      const overrides = opts.settings ? await readSettingsFile(opts.settings) : {};
      const settings = core.resolveSettings(opts.quick ? core.QUICK_SETTINGS : core.FULL_SETTINGS, overrides);
      const ctx = { quick: Boolean(opts.quick), seed: rt.globals().seed, workDir: opts.work, progress: rt.progress() };
      const section = await node.runPiclExperimentNode(ctx, settings, { processes: opts.processes });
      if (opts.out) await rt.writeFileAtomic(opts.out, JSON.stringify(section, null, 2));
      rt.output(section, () => `## ${section.title}\n\n${renderSectionBody(section)}`);
    });
};

/** The JSON object of a `--settings` file; one-line errors for a missing file or bad JSON. */
async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new LmkitError('LMKIT_MISSING_FILE', `--settings file ${path} cannot be read: give a JSON file`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new LmkitError('LMKIT_BAD_DATA', `--settings file ${path} is not a JSON object (${(e as Error).message})`);
  }
}
