import { describe, expect, it } from 'vitest';
import { formatCodeExecutor, parseCodeExecutor, type CodeExecutorTrace } from '../format/codeexecutor.js';
import { splitTraceSteps } from './steps.js';

// The metrics read traces with their own positional splitter (a malformed step must keep its
// position); on well-formed text it must agree step for step with the format's parser.
const TRACES: CodeExecutorTrace[] = [
  {
    prefix: 'tutorial',
    steps: [
      { kind: 'line', line: 0, state: [['s', '[ x , y ]']] },
      { kind: 'line', line: 1, state: [['s', '[ x , y ]'], ['d', '{ a : 1 }']] },
      { kind: 'output', value: 'x y' },
      { kind: 'line', line: 2, state: [] },
      { kind: 'output', value: '' },
    ],
  },
  { steps: [] },
];

describe('metrics splitter vs the CodeExecutor parser', () => {
  it('reads the same steps from text the format writes', () => {
    for (const t of TRACES) {
      const text = formatCodeExecutor(t);
      const parsed = parseCodeExecutor(text, { strict: true });
      const mine = splitTraceSteps(text).steps;
      expect(mine.map((s) => s.kind)).toEqual(parsed.steps.map((s) => s.kind));
      parsed.steps.forEach((p, i) => {
        const m = mine[i]!;
        if (p.kind === 'line') {
          expect(m.head).toBe(`<line> <${p.line}>`);
          expect([...m.state!]).toEqual(p.state);
        } else {
          expect(m.output).toBe(p.value);
        }
      });
    }
  });
});
