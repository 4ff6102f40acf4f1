import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProgressReporter } from '@lmkit/tensor';
import { PiclError } from '../errors.js';
import { jobDependency, jobName, jobUnits, readJobResult, type PiclJob } from '../experiment/jobs.js';
import type { JobRunner } from '../experiment/run.js';
import type { PiclSettings } from '../experiment/settings.js';
import type { ExperimentStore } from '../experiment/store.js';
import type { JobMessage } from './job-process.js';

/** Options of {@link processJobRunner}. */
export interface ProcessPoolOptions {
  /** Work folder (the processes open it as their store). */
  dir: string;
  store: ExperimentStore;
  settings: PiclSettings;
  seed: number;
  /** Processes at a time (tfjs-wasm uses one core per process). */
  processes: number;
  progress: ProgressReporter;
}

/** The compiled entry of a job process, or null when running from TypeScript sources (then jobs run inline). */
export function jobProcessEntry(): string | null {
  const url = new URL('./job-process.js', import.meta.url);
  return import.meta.url.endsWith('.js') ? fileURLToPath(url) : null;
}

/**
 * Runs jobs in separate Node processes, `processes` at a time, each PICL job after the plain job of
 * its seed (which scores its filter); finished jobs (results in the store) are skipped, so a killed
 * run picks up where it stopped (a job resumes from its last checkpoint). One progress bar for all.
 */
export function processJobRunner(options: ProcessPoolOptions): JobRunner {
  return async (jobs, prepared) => {
    const entry = jobProcessEntry();
    if (!entry) throw new PiclError('LMKIT_BAD_ARGUMENT', 'job processes need the built package (dist/); run with processes = 1 from sources');
    const { progress, store } = options;
    const log = (m: string): void => progress.log(m);
    const pending: PiclJob[] = [];
    const finished = new Set<string>();
    let units = 0;
    let saved = 0;
    for (const job of jobs) {
      units += jobUnits(prepared, job);
      if (await readJobResult(store, job, log)) {
        finished.add(jobName(job));
        saved += jobUnits(prepared, job);
      } else pending.push(job);
    }
    progress.start(`picl: pre-train and evaluate ${jobs.length} LMs (${options.processes} processes)`, units);
    if (saved) progress.tick(saved, `${finished.size} saved`);
    const running = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const next = (): void => {
        if (failed) return;
        if (!pending.length && !running.size) {
          resolve();
          return;
        }
        while (running.size < options.processes) {
          const i = pending.findIndex((j) => {
            const dep = jobDependency(j);
            return !dep || finished.has(jobName(dep));
          });
          if (i < 0) break;
          const job = pending.splice(i, 1)[0] as PiclJob;
          start(job);
        }
      };
      const start = (job: PiclJob): void => {
        const name = jobName(job);
        running.add(name);
        const child = fork(entry, [JSON.stringify({ dir: options.dir, settings: options.settings, seed: options.seed, job })], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('message', (m: JobMessage) => {
          if (m.type === 'tick') progress.tick(m.n, m.status);
          else log(m.message);
        });
        child.on('exit', (code) => {
          running.delete(name);
          if (code === 0) {
            finished.add(name);
            next();
          } else if (!failed) {
            failed = true;
            reject(new Error(`picl: job ${name} failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
          }
        });
      };
      next();
    });
    progress.done();
  };
}
