/**
 * Applies the mutation operators through any Python interpreter that can evaluate code and return a
 * string (an in-process Pyodide, or a worker). Browser-safe.
 */
import { ArgumentError, LmkitError } from '@lmkit/tensor';
import { installPythonModule, type PythonEval } from '../python/install.js';
import { MUTATE_PY } from '../python/sources.gen.js';
import { isMutationOperator, MUTATION_OPERATOR_IDS, type MutationOperator } from './operators.js';

/** A successful mutation. */
export interface Mutant {
  operator: MutationOperator;
  /** The mutant's source (printed by `ast.unparse`). */
  source: string;
  /** The original program printed the same way: diff `source` against this to see the single change. */
  original: string;
  /** 1-based line of the changed node in the original program. */
  line: number;
  /** The changed code before and after, e.g. `+` → `-`. */
  before: string;
  after: string;
  /** Index of the chosen site among `sites` candidate places. */
  site: number;
  sites: number;
}

/** Why no mutant came out. */
export interface MutationFailure {
  operator: MutationOperator;
  /** `syntax` (the program does not parse), `no-site` (nothing to mutate), `no-valid-site` (no mutant compiles). */
  reason: 'syntax' | 'no-site' | 'no-valid-site';
  message: string;
}

/** Result of {@link Mutator.mutate}. */
export type MutationResult = ({ ok: true } & Mutant) | ({ ok: false } & MutationFailure);

/**
 * Mutates Python programs with the 12 operators of {@link MUTATION_OPERATORS}. Seeded: the same
 * program, operator and seed give the same mutant on every platform (the choice uses its own PRNG).
 */
export class Mutator {
  private installed = false;
  constructor(private readonly py: PythonEval) {}

  private call(request: Record<string, unknown>): Record<string, unknown> {
    if (!this.installed) {
      installPythonModule(this.py, 'lmkit_mutate', MUTATE_PY);
      this.installed = true;
    }
    const out = this.py.runPython(`__import__('lmkit_mutate').handle(${JSON.stringify(JSON.stringify(request))})`);
    if (typeof out !== 'string') throw new LmkitError('LMKIT_PYTHON', 'the Python interpreter returned no string from the mutation module');
    return JSON.parse(out) as Record<string, unknown>;
  }

  /** Applies `operator` at one seeded-random site of `source`. Never executes the program. */
  mutate(source: string, operator: MutationOperator, seed: number): MutationResult {
    if (!isMutationOperator(operator)) throw new ArgumentError(`unknown mutation operator "${String(operator)}"; use one of ${MUTATION_OPERATOR_IDS.join(', ')}`);
    if (!Number.isInteger(seed)) throw new ArgumentError(`mutation seed must be an integer, got ${seed}`);
    const r = this.call({ kind: 'mutate', source, operator, seed: seed >>> 0 });
    if (r.ok === true) {
      return {
        ok: true,
        operator,
        source: r.source as string,
        original: r.original as string,
        line: r.line as number,
        before: r.before as string,
        after: r.after as string,
        site: r.site as number,
        sites: r.sites as number,
      };
    }
    return { ok: false, operator, reason: r.reason as MutationFailure['reason'], message: r.message as string };
  }

  /** How many candidate sites each operator has in `source`; throws `LMKIT_BAD_DATA` if it does not parse. */
  sites(source: string): Record<MutationOperator, number> {
    const r = this.call({ kind: 'sites', source });
    if (r.ok !== true) throw new LmkitError('LMKIT_BAD_DATA', `program does not parse (${String(r.message)}); fix the source first`);
    return r.sites as Record<MutationOperator, number>;
  }

  /** The program re-printed by `ast.unparse` (what mutants are compared against). */
  normalize(source: string): string {
    const r = this.call({ kind: 'normalize', source });
    if (r.ok !== true) throw new LmkitError('LMKIT_BAD_DATA', `program does not parse (${String(r.message)}); fix the source first`);
    return r.source as string;
  }
}
