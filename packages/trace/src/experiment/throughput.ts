/**
 * The sandboxed tracer's throughput on SingleLine and Tutorial programs, reported beside the trace
 * model (browser-safe: it takes any {@link TraceProgram}).
 */
import type { TraceProgram } from '../datasets/build.js';

/** Programs/s and line events/s of a tracer on SingleLine and Tutorial programs. */
export interface TracerThroughput {
  workers: number;
  singlelinePrograms: number;
  singlelineProgramsPerSec: number | null;
  singlelineLinesPerSec: number | null;
  tutorialPrograms: number;
  tutorialProgramsPerSec: number | null;
  tutorialLinesPerSec: number | null;
}

/** Times `tracer` on every program of each set, all in flight at once (the tracer queues them). */
export async function measureThroughput(tracer: TraceProgram, programs: { singleline: string[]; tutorial: string[] }, workers: number): Promise<TracerThroughput> {
  const timeAll = async (sources: string[]): Promise<{ perSec: number | null; linesPerSec: number | null }> => {
    if (sources.length === 0) return { perSec: null, linesPerSec: null };
    const t = performance.now();
    const rs = await Promise.all(sources.map((src) => tracer(src)));
    const sec = (performance.now() - t) / 1000;
    const lines = rs.reduce((a, r) => a + r.steps, 0);
    return { perSec: sources.length / sec, linesPerSec: lines / sec };
  };
  const sl = await timeAll(programs.singleline);
  const tu = await timeAll(programs.tutorial);
  return {
    workers,
    singlelinePrograms: programs.singleline.length,
    singlelineProgramsPerSec: sl.perSec,
    singlelineLinesPerSec: sl.linesPerSec,
    tutorialPrograms: programs.tutorial.length,
    tutorialProgramsPerSec: tu.perSec,
    tutorialLinesPerSec: tu.linesPerSec,
  };
}
