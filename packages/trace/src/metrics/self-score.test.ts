/** A traced program's own CodeExecutor text scored against itself: every number is 100 (reference definition). */
import { describe, expect, it } from 'vitest';
import { useWarmPool } from '../../test/warm-pool.js';
import { traceToCodeExecutorText } from '../format/codeexecutor.js';
import { scoreTraces } from './score.js';

const warm = useWarmPool({ size: 1 });

describe('gold trace against itself', () => {
  it('a printing program scores 100 on all eight numbers, output accuracy included', async () => {
    const programs = [
      'def sq(x):\n    print("sq", x)\n    return x * x\ntotal = 0\nfor i in range(3):\n    total += sq(i)\nprint(total)\n',
      "names = ['a', 'b']\nfor n in names:\n    print(n, end=' ')\nprint()\n",
      'x = 2\nprint(x, end="")\n',
    ];
    const texts: string[] = [];
    for (const source of programs) {
      const r = await warm().trace(source);
      expect(r.ok).toBe(true);
      const text = traceToCodeExecutorText(r.trace!);
      // The output steps sit before the line that printed; the trace ends with a line step.
      expect(text.endsWith('</state>')).toBe(true);
      texts.push(text);
    }
    expect(texts[2]).toBe('<line> <0> <state> x : 2 </state> <output> 2 <line> <1> <state> x : 2 </state>');
    const m = scoreTraces(texts, texts);
    expect(m.definition).toBe('reference');
    expect(m.outputPrograms).toBe(3);
    expect(m.reference).toEqual({ outputAccuracy: 100, traceAccuracy: 100, lineP: 100, lineR: 100, lineF1: 100, identifierP: 100, identifierR: 100, identifierF1: 100 });
  });
});
