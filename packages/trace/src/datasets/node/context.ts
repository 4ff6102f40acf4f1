/**
 * The in-process Python the builders use to parse (never to run) programs: the Tutorial pool is read
 * from Pyodide's bundled stdlib and mutants are made on the `ast`. Loaded once, on first use.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { Mutator } from '../../mutate/mutator.js';
import type { BuildSetName, CandidateContext } from '../candidates.js';
import { extractTutorialPool, type TutorialPool } from '../tutorial.js';

let parser: Promise<PyodideAPI> | undefined;
let pool: TutorialPool | undefined;

/** A Pyodide for parsing and ast work, with no access to host globals (`jsglobals: {}`). */
export function parsingPython(): Promise<PyodideAPI> {
  parser ??= loadPyodide({ jsglobals: {} });
  return parser;
}

/** The Tutorial pool (extracted once per process). */
export async function tutorialPool(): Promise<TutorialPool> {
  pool ??= extractTutorialPool(await parsingPython());
  return pool;
}

/** What building `set` needs: nothing for SingleLine, the Tutorial pool (and a Mutator for mutants) otherwise. */
export async function datasetContext(set: BuildSetName): Promise<CandidateContext> {
  if (set === 'singleline' || set === 'singleline2' || set === 'teaching') return {};
  const py = await parsingPython();
  if (set === 'codenetmut') return { mutator: new Mutator(py) };
  const { programs } = await tutorialPool();
  return set === 'mutants' ? { tutorial: programs, mutator: new Mutator(py) } : { tutorial: programs };
}
