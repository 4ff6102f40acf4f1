import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { normaliseReport, type Chart, type Report } from '../lib/report.js';

/** Where the lead commits `lmkit reproduce --json` output and any extra Vega-Lite chart files. */
const resultsDir = fileURLToPath(new URL('../../../../../docs/public/results', import.meta.url));

export interface ResultsData {
  /** Null until docs/public/results/report.json is committed. */
  report: Report | null;
  /** Extra `*.vl.json` chart specs found beside the report. */
  charts: Chart[];
  /** A message when the report exists but could not be read. */
  error: string | null;
}

declare const data: ResultsData;
export { data };

export default {
  watch: ['../../../../../docs/public/results/*.json'],
  async load(): Promise<ResultsData> {
    const md = await createMarkdownRenderer(resultsDir);
    const charts: Chart[] = [];
    if (existsSync(resultsDir)) {
      for (const f of readdirSync(resultsDir).filter((n) => n.endsWith('.vl.json')).sort()) {
        try {
          charts.push({ id: f.replace(/\.vl\.json$/, ''), title: f.replace(/\.vl\.json$/, ''), spec: JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) });
        } catch {
          // a broken chart file is skipped, the page still builds
        }
      }
    }
    const file = join(resultsDir, 'report.json');
    if (!existsSync(file)) return { report: null, charts, error: null };
    try {
      const report = normaliseReport(JSON.parse(readFileSync(file, 'utf8')), (s) => md.render(s));
      return { report, charts, error: null };
    } catch (e) {
      return { report: null, charts, error: `docs/public/results/report.json could not be read: ${(e as Error).message}` };
    }
  },
};
