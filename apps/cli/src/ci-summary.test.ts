import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The closing-line script of .ci/run. */
const SUMMARY = fileURLToPath(new URL('../../../.ci/summary.mjs', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmkit-ci-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function summarise(report: unknown, status: number, ...failedChecks: string[]): Promise<{ code: number; last: string }> {
  const file = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  if (report !== undefined) await writeFile(file, JSON.stringify(report));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SUMMARY, file, String(status), ...failedChecks]);
    return { code: 0, last: stdout.trim().split('\n').pop() ?? '' };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, last: err.stdout.trim().split('\n').pop() ?? '' };
  }
}

const file = (status: string, tests: string[]) => ({ name: 'x.test.ts', status, message: status === 'failed' ? 'boom' : '', assertionResults: tests.map((s) => ({ status: s })) });

describe('.ci/summary.mjs', () => {
  it('prints the counts from vitest JSON and exits 0 when all passed', async () => {
    expect(await summarise({ numPassedTests: 5, numFailedTests: 0, success: true, testResults: [file('passed', ['passed'])] }, 0)).toEqual({ code: 0, last: '5 passed, 0 failed' });
  });

  it('counts failed tests, and a test file that crashed before its tests as one failure', async () => {
    const report = { numPassedTests: 3, numFailedTests: 2, success: false, testResults: [file('failed', ['failed', 'failed', 'passed']), file('failed', [])] };
    expect(await summarise(report, 1)).toEqual({ code: 1, last: '3 passed, 3 failed' });
  });

  it('reports a failure when the results are missing or the command failed without a failed test', async () => {
    expect(await summarise(undefined, 1)).toEqual({ code: 1, last: '0 passed, 1 failed' });
    expect(await summarise({ numPassedTests: 4, numFailedTests: 0, success: true, testResults: [] }, 1)).toEqual({ code: 1, last: '4 passed, 1 failed' });
    expect(await summarise({ numPassedTests: 4, numFailedTests: 0, success: false, testResults: [] }, 0)).toEqual({ code: 1, last: '4 passed, 1 failed' });
  });

  it('counts each failed check (lint, typecheck) as one failure', async () => {
    const ok = { numPassedTests: 5, numFailedTests: 0, success: true, testResults: [file('passed', ['passed'])] };
    expect(await summarise(ok, 0, 'lint')).toEqual({ code: 1, last: '5 passed, 1 failed' });
    expect(await summarise(ok, 0, 'lint', 'typecheck')).toEqual({ code: 1, last: '5 passed, 2 failed' });
  });
});
