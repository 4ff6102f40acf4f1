import { readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportSection } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

/** Settings a saved section result is only valid for. */
export interface SectionSettings {
  quick: boolean;
  seed: number;
}

/** The saved form of a finished section: `DIR/.work/<id>/section.json`. */
export interface SavedSection {
  settings: SectionSettings;
  section: ReportSection;
}

const SETTINGS_FILE = 'settings.json';
/** File name of a finished section's saved result inside its work folder. */
export const SECTION_FILE = 'section.json';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function sameSettings(a: unknown, b: SectionSettings): boolean {
  const s = a as Partial<SectionSettings> | undefined;
  return s?.quick === b.quick && s?.seed === b.seed;
}

/** A previous run's finished result for these settings, or null (missing, other settings, or unreadable). */
export async function loadSavedSection(workDir: string, id: string, settings: SectionSettings): Promise<ReportSection | null> {
  const saved = (await readJson(join(workDir, SECTION_FILE))) as Partial<SavedSection> | undefined;
  if (!saved || !sameSettings(saved.settings, settings)) return null;
  try {
    return validateSection(saved.section, id);
  } catch {
    return null;
  }
}

/**
 * Gets the work folder ready: wiped when `fresh` or when it holds work from other settings
 * (a quick run's checkpoints must not leak into a full run), then stamped with the settings.
 */
export async function prepareWorkDir(
  workDir: string,
  settings: SectionSettings,
  fresh: boolean,
  write: (path: string, data: string) => Promise<void>,
): Promise<void> {
  const previous = await readJson(join(workDir, SETTINGS_FILE));
  if (fresh || (previous !== undefined && !sameSettings(previous, settings))) await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  await write(join(workDir, SETTINGS_FILE), `${JSON.stringify(settings)}\n`);
}

/** Checks a runner's result has the ReportSection shape; throws LMKIT_INTERNAL naming the bad field. */
export function validateSection(value: unknown, id: string): ReportSection {
  const bad = (what: string): never => {
    throw new LmkitError('LMKIT_INTERNAL', `section ${id} returned a malformed report: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const s = value as Record<string, unknown>;
  for (const key of ['id', 'title', 'scaleNote'] as const) if (typeof s[key] !== 'string') bad(`${key} must be a string`);
  for (const key of ['intro', 'markdown'] as const) if (s[key] !== undefined && typeof s[key] !== 'string') bad(`${key} must be a string when present`);
  if (s.tables !== undefined && !Array.isArray(s.tables)) bad('tables must be an array when present');
  if (s.findings !== undefined && !(Array.isArray(s.findings) && s.findings.every((f) => typeof f === 'string'))) bad('findings must be an array of strings when present');
  for (const t of (s.tables ?? []) as unknown[]) {
    const table = t as Record<string, unknown> | null;
    if (typeof table?.id !== 'string' || typeof table.title !== 'string' || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
      bad('every table needs a string id and title, and columns and rows arrays');
    }
  }
  if (typeof s.seconds !== 'number') bad('seconds must be a number');
  if (typeof s.data !== 'object' || s.data === null || Array.isArray(s.data)) bad('data must be an object');
  if (!Array.isArray(s.charts)) bad('charts must be an array');
  if (!Array.isArray(s.comparisons)) bad('comparisons must be an array');
  for (const c of s.charts as unknown[]) {
    const chart = c as Record<string, unknown> | null;
    if (typeof chart?.id !== 'string' || typeof chart.title !== 'string' || typeof chart.spec !== 'object' || chart.spec === null) {
      bad('every chart needs a string id, a string title and a spec object');
    }
  }
  for (const c of s.comparisons as unknown[]) {
    const row = c as Record<string, unknown> | null;
    const numOrNull = (v: unknown) => v === null || typeof v === 'number';
    if (typeof row?.metric !== 'string' || !numOrNull(row.ours) || !numOrNull(row.paper) || !(row.table === null || typeof row.table === 'string')) {
      bad('every comparison needs metric (string), ours/paper (number or null) and table (string or null)');
    }
  }
  return value as ReportSection;
}
