import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { isTTY: false, write: (s: string) => {
      text += s;
      return true;
    } } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('createProgress without bars', () => {
  it('is silent for ticks and prints log lines', () => {
    const { stream, text } = fakeStream();
    const p = createProgress({ bars: false, verbose: false, prefix: 'xpos', stream });
    p.start('train', 10);
    p.tick(3, 'loss 2.1');
    p.done();
    p.log('lmkit: note');
    expect(text()).toBe('lmkit: note\n');
  });

  it('prints start and end lines with --verbose, labelled with the prefix', () => {
    const { stream, text } = fakeStream();
    const p = createProgress({ bars: false, verbose: true, prefix: 'lm', stream });
    p.start('train', 5);
    p.done();
    p.done(); // a second done is a no-op
    expect(text()).toMatch(/^lm: train: started \(5 steps\)\nlm: train: done in \d+\.\d s \(cpu \d+\.\d s in this process\)\n$/);
  });
});
