import { CommanderError } from 'commander';

/** Exit code for bad input: usage errors and every `LMKIT_…` error. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for unexpected failures (bugs, crashed sections). */
export const EXIT_FAILURE = 1;

/** Commander codes that mean "help or version was printed", not an error. */
const INFO_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** True for an lmkit error, recognised by its `code` so copies of @lmkit/tensor from other installs count too. */
export function isLmkitErrorLike(e: unknown): e is Error & { code: string } {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('LMKIT_');
}

/** Codes that say lmkit itself failed, not the user's input: exit 1 rather than 2. */
const INTERNAL_CODES = new Set(['LMKIT_NOT_READY', 'LMKIT_INTERNAL']);

/** File-system errors on a path the user gave (missing file, no permission, file where a folder should be). */
const PATH_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS', 'EEXIST']);

function isPathError(e: unknown): boolean {
  const err = e as { code?: unknown; path?: unknown } | null;
  return e instanceof Error && typeof err?.path === 'string' && typeof err.code === 'string' && PATH_CODES.has(err.code);
}

/**
 * Exit code an error maps to: 2 for bad input (usage errors, `LMKIT_…` errors, file-system errors on a path),
 * 1 for anything else.
 */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) return INFO_CODES.has(e.code) ? e.exitCode : EXIT_BAD_INPUT;
  if (isLmkitErrorLike(e)) return INTERNAL_CODES.has(e.code) ? EXIT_FAILURE : EXIT_BAD_INPUT;
  if (isPathError(e)) return EXIT_BAD_INPUT;
  return EXIT_FAILURE;
}

/** An error's message on one line (commander's `error: ` prefix removed, line breaks folded). */
export function oneLineMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const text = raw.replace(/^error:\s*/i, '').replace(/\s*\n+\s*/g, ' ').trim();
  return text === '' ? (e instanceof Error ? e.name : 'unknown error') : text;
}

/**
 * Formats an error for stderr: one line `lmkit: <message>`, plus the stack when `verbose`
 * (never for commander usage errors, whose stack says nothing useful).
 */
export function formatError(e: unknown, verbose: boolean): string {
  const line = `lmkit: ${oneLineMessage(e)}`;
  if (!verbose || e instanceof CommanderError || !(e instanceof Error) || !e.stack) return line;
  return `${line}\n${e.stack}`;
}

/** True when the error only means help or the version was printed. */
export function isInfoExit(e: unknown): boolean {
  return e instanceof CommanderError && INFO_CODES.has(e.code);
}
