/**
 * Variable names for the generated programs, by the kind of value they hold (so programs read like
 * ones people write: `total` holds a number, `word` a string). None shadows a builtin the templates
 * call. Browser-safe.
 */
import type { Rng } from '@lmkit/tensor';

/** Names for ints. */
export const INT_NAMES = ['a', 'b', 'c', 'k', 'm', 'n', 'x', 'y', 'z', 'i', 'j', 'num', 'total', 'count', 'val', 'res', 'acc', 'step', 'size', 'age', 'score', 'low', 'high', 'diff', 'prod', 'big', 'small', 'tmp', 'out', 'last', 'first', 'cnt', 'idx', 'rest', 'width', 'depth'] as const;
/** Names for floats. */
export const FLOAT_NAMES = ['x', 'y', 'f', 'g', 'rate', 'price', 'avg', 'ratio', 'temp', 'dist', 'cost', 'mass', 'speed', 'half', 'share'] as const;
/** Names for strings. */
export const STR_NAMES = ['s', 't', 'u', 'w', 'word', 'text', 'name', 'msg', 'line', 'head', 'tail', 'key', 'label', 'code', 'tag', 'part', 'src', 'token'] as const;
/** Names for lists. */
export const LIST_NAMES = ['xs', 'ys', 'zs', 'nums', 'items', 'vals', 'data', 'lst', 'arr', 'stack', 'queue', 'seen', 'parts', 'row', 'buf', 'bag', 'marks', 'pile'] as const;
/** Names for dicts. */
export const DICT_NAMES = ['d', 'e', 'counts', 'ages', 'prices', 'table', 'inv', 'stock', 'score_of', 'index', 'memo', 'votes'] as const;
/** Names for booleans. */
export const BOOL_NAMES = ['ok', 'flag', 'found', 'done', 'is_big', 'same', 'hit', 'valid'] as const;
/** Names for functions. */
export const FUNC_NAMES = ['f', 'g', 'h', 'double', 'square', 'add', 'scale', 'clip', 'step_up', 'combine', 'apply', 'calc', 'area', 'twice', 'shift'] as const;

/** Every name kind. */
export type NameKind = 'int' | 'float' | 'str' | 'list' | 'dict' | 'bool' | 'func';

const POOLS: Record<NameKind, readonly string[]> = { int: INT_NAMES, float: FLOAT_NAMES, str: STR_NAMES, list: LIST_NAMES, dict: DICT_NAMES, bool: BOOL_NAMES, func: FUNC_NAMES };

/** Hands out distinct names of each kind for one program (a name is never given twice, across kinds too). */
export class NameDrawer {
  private readonly used = new Set<string>();

  constructor(private readonly r: Rng) {}

  /** A fresh name of `kind`; when every name of the pool is taken, the pool's names get a digit suffix. */
  take(kind: NameKind): string {
    const free = POOLS[kind].filter((n) => !this.used.has(n));
    const name = free.length > 0 ? this.r.pick(free) : `${this.r.pick(POOLS[kind])}${this.used.size}`;
    this.used.add(name);
    return name;
  }

  /** A free name among `options` (e.g. loop variables `i`, `j`), taken; digit-suffixed when all are used. */
  takeFrom(options: readonly string[]): string {
    const free = options.filter((n) => !this.used.has(n));
    const name = free.length > 0 ? this.r.pick(free) : `${options[0]}${this.used.size}`;
    this.used.add(name);
    return name;
  }
}

/**
 * Draws distinct names for the requested kinds (in order): `drawNames(r, 'int', 'int', 'list')` →
 * e.g. `['total', 'k', 'nums']`.
 */
export function drawNames(r: Rng, ...kinds: NameKind[]): string[] {
  const d = new NameDrawer(r);
  return kinds.map((k) => d.take(k));
}
