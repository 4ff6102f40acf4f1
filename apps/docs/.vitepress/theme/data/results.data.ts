import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { normaliseReport, type Chart, type Report } from '../lib/report.js';

/**
 * Where the lead commits `lmkit reproduce --json` output (report.json) and its charts
 * (charts/*.vl.json, as the CLI writes them next to the report).
 */
const resultsDir = fileURLToPath(new URL('../../../../../docs/public/results', import.meta.url));

export interface ResultsData {
  /** Null until docs/public/results/report.json is committed. */
  report: Report | null;
  /** `*.vl.json` specs in docs/public/results/ not referenced by the report. */
  charts: Chart[];
  /** A message when the report exists but could not be read. */
  error: string | null;
}

declare const data: ResultsData;
export { data };

function readSpec(rel: string): Record<string, unknown> | null {
  const file = normalize(join(resultsDir, rel));
  if (!file.startsWith(resultsDir + sep) || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export default {
  watch: ['../../../../../docs/public/results/**/*.json'],
  async load(): Promise<ResultsData> {
    const md = await createMarkdownRenderer(resultsDir);
    const file = join(resultsDir, 'report.json');
    let report: Report | null = null;
    let error: string | null = null;
    const used = new Set<string>();
    if (existsSync(file)) {
      try {
        report = normaliseReport(JSON.parse(readFileSync(file, 'utf8')), (s) => md.render(s), (rel) => {
          used.add(normalize(rel));
          return readSpec(rel);
        });
      } catch (e) {
        error = `docs/public/results/report.json could not be read: ${(e as Error).message}`;
      }
    }
    const charts: Chart[] = [];
    for (const dir of ['', 'charts']) {
      const abs = join(resultsDir, dir);
      if (!existsSync(abs)) continue;
      for (const f of readdirSync(abs).filter((n) => n.endsWith('.vl.json')).sort()) {
        const rel = dir ? `${dir}/${f}` : f;
        if (used.has(normalize(rel))) continue;
        const spec = readSpec(rel);
        if (spec) charts.push({ id: f.replace(/\.vl\.json$/, ''), title: f.replace(/\.vl\.json$/, ''), spec });
      }
    }
    return { report, charts, error };
  },
};
