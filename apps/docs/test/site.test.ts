/**
 * The built docs site in a real browser (Debian's Chromium through playwright-core): every page
 * loads with no console error and no failed request, and each live demo produces the right output.
 * Screenshots of the demo pages go to apps/docs/test-output/ for review.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { appDir, distDir, ensureBuilt } from './build.js';
import { serveStatic, type StaticServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const shots = join(appDir, 'test-output');

let server: StaticServer;
let context: BrowserContext;
let profile: string;

/** Problems a page reported: console errors, uncaught exceptions, failed or 4xx/5xx requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Link prefetches cancelled by the next navigation are not failures (a missing file is a 404 below).
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} ${why}`);
  });
  page.on('request', (r) => {
    // Everything must come from the site itself: no CDN, no remote fonts or data.
    const url = r.url();
    if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`external request: ${url}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, problems };
}

function htmlPages(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'assets' && e.name !== 'vendor') out.push(...htmlPages(p));
    } else if (e.name.endsWith('.html') && e.name !== '404.html') {
      out.push('/' + relative(distDir, p).split('\\').join('/'));
    }
  }
  return out.sort();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium)`);
  const b = ensureBuilt();
  if (b.built) console.log(`docs: site built in ${b.seconds.toFixed(0)} s`);
  server = await serveStatic(distDir);
  profile = mkdtempSync(join(tmpdir(), 'lmkit-docs-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('docs site', () => {
  it('serves every page with no console error and no failed request', async () => {
    const pages = htmlPages(distDir);
    expect(pages).toContain('/index.html');
    expect(pages).toContain('/reference/cli.html');
    expect(pages).toContain('/reference/api/@lmkit/xpos.html');
    const page = await context.newPage();
    const problems = watch(page);
    const bad: string[] = [];
    for (const path of pages) {
      await page.goto(server.url + path, { waitUntil: 'load' });
      const title = await page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => null);
      if (!title) bad.push(`${path}: no heading`);
      if (problems.length > 0) bad.push(...problems.splice(0).map((p) => `${path}: ${p}`));
    }
    await page.close();
    console.log(`docs: ${pages.length} pages checked`);
    expect(bad).toEqual([]);
  });

  it('CLI reference lists the commands of the program', async () => {
    const { page, problems } = await open('/reference/cli.html');
    await expect(page.locator('h2#lmkit').count()).resolves.toBe(1);
    await expect(page.locator('text=lmkit reproduce').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(shots, 'cli-reference.png') });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('XPOS demo plots every distance and a finite attention resolution', async () => {
    const { page, problems } = await open('/demos/xpos.html');
    await page.locator('[data-testid=xpos-resolution-xpos]').waitFor();
    await page.locator('[data-testid=xpos-maxdist]').fill('256');
    await page.locator('[data-testid=xpos-headdim]').selectOption('32');
    await expect.poll(() => page.locator('[data-testid=xpos-points]').textContent()).toBe(String(3 * 257));
    for (const enc of ['rope', 'xpos', 'alibi']) {
      const r = Number(await page.locator(`[data-testid=xpos-resolution-${enc}]`).textContent());
      expect(Number.isFinite(r)).toBe(true);
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThanOrEqual(1);
    }
    // the chart drew one line per encoding
    await page.locator('[data-testid=xpos-chart] svg path[aria-roledescription="line mark"]').first().waitFor();
    await expect(page.locator('[data-testid=xpos-chart] svg path[aria-roledescription="line mark"]').count()).resolves.toBe(3);
    await page.screenshot({ path: join(shots, 'xpos.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('BCA demo shows the blockwise pattern for N and w', async () => {
    const { page, problems } = await open('/demos/bca.html');
    const n = 20;
    const w = 8;
    await page.locator('[data-testid=bca-grid]').waitFor();
    await page.locator('[data-testid=bca-n]').fill(String(n));
    await page.locator('[data-testid=bca-w]').fill(String(w));
    // Closed form: a query i in block b = ⌊i/(w/2)⌋ sees keys max(0, (b−1)·w/2) … i.
    let expected = 0;
    for (let i = 0; i < n; i++) expected += i - Math.max(0, (Math.floor(i / (w / 2)) - 1) * (w / 2)) + 1;
    await expect.poll(() => page.locator('[data-testid=bca-allowed]').textContent()).toBe(String(expected));
    await expect(page.locator('[data-testid=bca-grid] rect').count()).resolves.toBe(n * n);
    await expect(page.locator('[data-testid=bca-grid] rect.bca-on').count()).resolves.toBe(expected);
    await expect(page.locator('[data-testid=bca-causal]').textContent()).resolves.toBe(String((n * (n + 1)) / 2));
    await page.screenshot({ path: join(shots, 'bca.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('dual-form demo: both sides agree to < 1e-4', async () => {
    const { page, problems } = await open('/demos/dual-form.html');
    await page.locator('[data-testid=dual-diff]').waitFor();
    for (const seed of ['1', '7']) {
      await page.locator('[data-testid=dual-seed]').fill(seed);
      await page.locator('[data-testid=dual-dim]').fill('16');
      const diff = Number(await page.locator('[data-testid=dual-diff]').textContent());
      expect(Number.isFinite(diff)).toBe(true);
      expect(diff).toBeLessThan(1e-4);
      const gd = Number(await page.locator('[data-testid=dual-gd-diff]').textContent());
      expect(gd).toBeLessThan(1e-4);
      const update = Number(await page.locator('[data-testid=dual-update]').textContent());
      expect(update).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(shots, 'dual-form.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('retrieval demo searches the prebuilt PICL index and finds nearest paragraphs', async () => {
    const { page, problems } = await open('/demos/retrieval.html');
    await page.locator('[data-testid=retrieval-size]').waitFor();
    expect(Number(await page.locator('[data-testid=retrieval-size]').textContent())).toBeGreaterThan(100);
    await page.locator('[data-testid=retrieval-query]').fill('a great movie with good acting');
    await page.locator('[data-testid=retrieval-k]').fill('4');
    await page.locator('[data-testid=retrieval-search]').click();
    await expect.poll(() => page.locator('[data-testid=retrieval-hit]').count()).toBe(4);
    const texts = await page.locator('[data-testid=retrieval-hit] .retrieval-text').allTextContents();
    for (const t of texts) expect(t).toMatch(/great|movie|good|acting/i);
    const scores = (await page.locator('[data-testid=retrieval-score]').allTextContents()).map(Number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.at(-1)).toBeGreaterThan(0);
    await page.locator('[data-testid=retrieval-similar]').first().click();
    await expect.poll(() => page.locator('[data-testid=retrieval-neighbour]').count()).toBe(4);
    const neighbourTexts = await page.locator('[data-testid=retrieval-neighbour] .retrieval-text').allTextContents();
    expect(neighbourTexts).not.toContain(texts[0]);
    await page.screenshot({ path: join(shots, 'retrieval.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('trace stepper runs Python in a worker and steps through it as Python Tutor does', async () => {
    const { page, problems } = await open('/demos/trace.html');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 60_000 }).toBe('done');
    // total = 0; for i in range(1, 4): total += i; names = [...]; print(total) — pg_logger's entries:
    // the line about to run (1-based), and finally the module's return.
    const lines = [1, 2, 3, 2, 3, 2, 3, 2, 4, 5, 5];
    await expect(page.locator('[data-testid=trace-count]').textContent()).resolves.toBe(String(lines.length));
    const seen: number[] = [];
    for (let s = 0; s < lines.length; s++) {
      seen.push(Number(await page.locator('[data-testid=trace-line]').textContent()));
      if (s === 4) {
        // before the second `total += i` runs: i = 2, total still 1
        await expect(page.locator('[data-testid=trace-var-i] [data-testid=trace-var-value]').textContent()).resolves.toBe('2');
        await expect(page.locator('[data-testid=trace-var-total] [data-testid=trace-var-value]').textContent()).resolves.toBe('1');
        // only i changed since the previous step
        await expect(page.locator('[data-testid=trace-var-i]').getAttribute('class')).resolves.toContain('trace-changed');
        await expect(page.locator('[data-testid=trace-var-total]').getAttribute('class')).resolves.not.toContain('trace-changed');
      }
      if (s < lines.length - 1) await page.locator('[data-testid=trace-next]').click();
    }
    expect(seen).toEqual(lines);
    await expect(page.locator('[data-testid=trace-event]').textContent()).resolves.toContain('return');
    await expect(page.locator('[data-testid=trace-var-total] [data-testid=trace-var-value]').textContent()).resolves.toBe('6');
    // names points to a list on the heap
    await expect(page.locator('[data-testid=trace-var-names] [data-testid=trace-var-value]').textContent()).resolves.toBe('→ 1');
    await expect(page.locator('[data-testid=trace-heap-1]').textContent()).resolves.toMatch(/1: list.*'x'.*'y'.*'z'/);
    await expect(page.locator('[data-testid=trace-printed]').textContent()).resolves.toBe('6\n');
    const text = (await page.locator('[data-testid=trace-text]').textContent()) ?? '';
    expect(text.startsWith('<line> <0> <state> total : 0 </state>')).toBe(true);
    const textLines = text.split('\n');
    expect(textLines.every((l) => /^<(line|output)> /.test(l))).toBe(true);
    // CodeExecutor text: 0-based lines, state after each line, the printed line before the print's step
    expect(textLines.filter((l) => l.startsWith('<line> ')).map((l) => Number(/^<line> <(\d+)>/.exec(l)![1]))).toEqual([0, 1, 2, 1, 2, 1, 2, 1, 3, 4]);
    expect(textLines.slice(-2)).toEqual(['<output> 6', '<line> <4> <state> total : 6 <dictsep> i : 3 <dictsep> names : [ x , y , z ] </state>']);
    await page.screenshot({ path: join(shots, 'trace.png'), fullPage: true });

    // The guide's 8-entry example, entry by entry as pg_logger gives it: each step shows the state
    // *before* its line runs (the module's closing return shows the final state).
    await page.locator('[data-testid=trace-example]').selectOption('a function call');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 30_000 }).toBe('done');
    await expect(page.locator('[data-testid=trace-count]').textContent()).resolves.toBe('8');
    const value = (scope: string, name: string) =>
      page.locator(`[data-testid=trace-frame-${scope}] [data-testid=${scope === 'global' ? 'trace-var' : 'trace-local'}-${name}] [data-testid=trace-var-value]`);
    const names = async (scope: string): Promise<string[]> =>
      (await page.locator(`[data-testid=trace-frame-${scope}] [data-testid^=${scope === 'global' ? 'trace-var-' : 'trace-local-'}]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!)))
        .filter((id) => id !== 'trace-var-value')
        .map((id) => id.replace(/^trace-(var|local)-/, ''));
    const eight: Array<{ event: string; line: number; globals: Record<string, string>; f?: Record<string, string>; printed: string }> = [
      { event: 'step_line', line: 1, globals: {}, printed: '' },
      { event: 'step_line', line: 4, globals: { f: '→ 1' }, printed: '' },
      { event: 'call', line: 1, globals: { f: '→ 1' }, f: { a: '3' }, printed: '' },
      { event: 'step_line', line: 2, globals: { f: '→ 1' }, f: { a: '3' }, printed: '' },
      { event: 'step_line', line: 3, globals: { f: '→ 1' }, f: { a: '3', b: '6' }, printed: '' },
      { event: 'return', line: 3, globals: { f: '→ 1' }, f: { a: '3', b: '6', __return__: '6' }, printed: '' },
      { event: 'step_line', line: 5, globals: { f: '→ 1', x: '6' }, printed: '' },
      { event: 'return', line: 5, globals: { f: '→ 1', x: '6' }, printed: '6\n' },
    ];
    for (const [i, want] of eight.entries()) {
      await expect(page.locator('[data-testid=trace-pos]').textContent()).resolves.toBe(String(i + 1));
      await expect(page.locator('[data-testid=trace-line]').textContent(), `entry ${i} line`).resolves.toBe(String(want.line));
      await expect(page.locator('[data-testid=trace-event]').textContent(), `entry ${i} event`).resolves.toContain(`(${want.event};`);
      expect(await names('global'), `entry ${i} globals`).toEqual(Object.keys(want.globals));
      for (const [k, v] of Object.entries(want.globals)) await expect(value('global', k).textContent(), `entry ${i} ${k}`).resolves.toBe(v);
      expect(await page.locator('[data-testid=trace-frames] table').count(), `entry ${i} frames`).toBe(want.f ? 2 : 1);
      if (want.f) {
        expect(await names('f_f1'), `entry ${i} locals`).toEqual(Object.keys(want.f));
        for (const [k, v] of Object.entries(want.f)) await expect(value('f_f1', k).textContent(), `entry ${i} ${k}`).resolves.toBe(v);
      }
      expect(await page.locator('[data-testid=trace-printed]').count() ? await page.locator('[data-testid=trace-printed]').textContent() : '', `entry ${i} stdout`).toBe(want.printed);
      await expect(page.locator('[data-testid=trace-heap-1]').count()).resolves.toBe(i === 0 ? 0 : 1);
      if (i < eight.length - 1) await page.locator('[data-testid=trace-next]').click();
    }
    await expect(page.locator('[data-testid=trace-heap-1]').textContent()).resolves.toMatch(/function.*f\(a\)/);

    // A function call: a frame per call, the top one highlighted.
    await page.locator('[data-testid=trace-example]').selectOption('function calls');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 30_000 }).toBe('done');
    for (let s = 0; s < 12; s++) await page.locator('[data-testid=trace-next]').click();
    // global, then fact(4), fact(3), fact(2), fact(1)
    expect(await page.locator('[data-testid=trace-frames] table').count()).toBe(5);
    await expect(page.locator('[data-testid=trace-frame-fact_f3] [data-testid=trace-local-n] [data-testid=trace-var-value]').textContent()).resolves.toBe('2');

    // A program that raises: the steps up to the exception, and the exception named.
    await page.locator('[data-testid=trace-example]').selectOption('exception');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 30_000 }).toBe('error');
    await expect(page.locator('[data-testid=trace-error]').textContent()).resolves.toMatch(/^ZeroDivisionError/);
    await page.locator('[data-testid=trace-last]').click();
    await expect(page.locator('[data-testid=trace-exception]').textContent()).resolves.toMatch(/^ZeroDivisionError/);
    const inverse = await page.locator('[data-testid=trace-var-inverse] [data-testid=trace-var-value]').textContent();
    await expect(page.locator(`[data-testid=trace-heap-${inverse!.slice(2)}]`).textContent()).resolves.toMatch(/0\.3333.*1\.0/);

    // A program that never ends is cut at the step limit, and the worker still runs the next one.
    await page.locator('[data-testid=trace-source]').fill('x = 0\nwhile True:\n    x += 1\n');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 30_000 }).toBe('done (cut at 1000 steps)');
    await expect(page.locator('[data-testid=trace-count]').textContent()).resolves.toBe('1000');
    // One line that runs for ever: the time limit interrupts it (the page is cross-origin isolated).
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await page.locator('[data-testid=trace-source]').fill('n = sum(range(10 ** 12))\n');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-status]').textContent(), { timeout: 30_000 }).toBe('error');
    await expect(page.locator('[data-testid=trace-error]').textContent()).resolves.toMatch(/^timeout:/);
    await page.locator('[data-testid=trace-source]').fill('a = 2\nb = a * 21\n');
    await page.locator('[data-testid=trace-run]').click();
    await expect.poll(() => page.locator('[data-testid=trace-count]').textContent(), { timeout: 30_000 }).toBe('3');
    await page.locator('[data-testid=trace-last]').click();
    await expect(page.locator('[data-testid=trace-var-b] [data-testid=trace-var-value]').textContent()).resolves.toBe('42');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('results page renders the report or says it is not generated yet', async () => {
    const { page, problems } = await open('/results.html');
    await page.locator('.results-view').waitFor();
    const missing = await page.locator('[data-testid=results-missing]').count();
    const sections = await page.locator('[data-testid^=results-section-]').count();
    expect(missing + sections).toBeGreaterThan(0);
    if (sections > 0) expect(missing).toBe(0);
    await page.screenshot({ path: join(shots, 'results.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
