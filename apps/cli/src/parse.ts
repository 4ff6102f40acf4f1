import { InvalidArgumentError } from 'commander';

/** Bounds for {@link integerOption} and {@link numberOption}. */
export interface NumberBounds {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
}

function checkBounds(value: number, raw: string, bounds: NumberBounds): number {
  if (bounds.min !== undefined && value < bounds.min) throw new InvalidArgumentError(`"${raw}" is below the minimum ${bounds.min}.`);
  if (bounds.max !== undefined && value > bounds.max) throw new InvalidArgumentError(`"${raw}" is above the maximum ${bounds.max}.`);
  return value;
}

/**
 * A commander argument parser for whole numbers: `.argParser(integerOption({ min: 1 }))`.
 * Rejects `1.5`, `abc`, `1e3x` and empty strings, so commander exits with a usage error (code 2).
 */
export function integerOption(bounds: NumberBounds = {}): (raw: string) => number {
  return (raw) => {
    const text = raw.trim();
    if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(`"${raw}" is not a whole number.`);
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`"${raw}" is too large.`);
    return checkBounds(value, raw, bounds);
  };
}

/** A commander argument parser for finite decimal numbers (e.g. a learning rate `3e-4`). */
export function numberOption(bounds: NumberBounds = {}): (raw: string) => number {
  return (raw) => {
    const text = raw.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`"${raw}" is not a number.`);
    return checkBounds(value, raw, bounds);
  };
}

/**
 * A commander argument parser for a comma-separated subset of `allowed`, in the given order,
 * without duplicates: `--only lm,xpos`.
 */
export function listOption<T extends string>(allowed: readonly T[]): (raw: string) => T[] {
  return (raw) => {
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of: ${allowed.join(', ')}.`);
    const out: T[] = [];
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) {
        throw new InvalidArgumentError(`unknown "${item}": choose from ${allowed.join(', ')}.`);
      }
      if (!out.includes(item as T)) out.push(item as T);
    }
    return out;
  };
}
