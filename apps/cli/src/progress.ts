import cliProgress from 'cli-progress';
import type { ProgressReporter } from '@lmkit/tensor';

/** Where {@link createProgress} draws and logs. */
export interface ProgressOptions {
  /** Draw bars (the CLI passes: stdout is a TTY and `--json` is off). */
  bars: boolean;
  /** Also log task starts and ends when bars are off. */
  verbose: boolean;
  /** Label prefix, e.g. the reproduce section id. */
  prefix?: string;
  /** Stream for bars and log lines; stderr by default so stdout stays clean for results. */
  stream?: NodeJS.WriteStream;
}

/**
 * A {@link ProgressReporter} for the terminal: a cli-progress bar per task when `bars` is set,
 * otherwise silent except for `log()` lines (and start/end lines with `verbose`, the end line with the wall and CPU
 * seconds of the task — CPU time stays meaningful on a busy machine), all on stderr.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const name = (label: string) => (options.prefix ? `${options.prefix}: ${label}` : label);
  return options.bars ? new BarProgress(stream, name) : new QuietProgress(stream, name, options.verbose);
}

class BarProgress implements ProgressReporter {
  private multi: cliProgress.MultiBar | null = null;
  private bar: cliProgress.SingleBar | null = null;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly name: (label: string) => string,
  ) {}

  start(label: string, total: number): void {
    this.done();
    this.multi = new cliProgress.MultiBar(
      {
        stream: this.stream,
        format: `${this.name(label).replace(/[{}]/g, '')} [{bar}] {percentage}% {value}/{total} eta {eta_formatted} {status}`,
        hideCursor: false,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar = this.multi.create(Math.max(1, total), 0, { status: '' });
  }

  tick(n = 1, status?: string): void {
    this.bar?.increment(n, { status: status ?? '' });
  }

  done(): void {
    this.multi?.stop();
    this.multi = null;
    this.bar = null;
  }

  log(message: string): void {
    if (this.multi) this.multi.log(`${message}\n`);
    else this.stream.write(`${message}\n`);
  }
}

class QuietProgress implements ProgressReporter {
  private label: string | null = null;
  private startedAt = 0;
  private cpuAt: NodeJS.CpuUsage | null = null;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly name: (label: string) => string,
    private readonly verbose: boolean,
  ) {}

  start(label: string, total: number): void {
    this.done();
    this.label = label;
    this.startedAt = performance.now();
    this.cpuAt = process.cpuUsage();
    if (this.verbose) this.stream.write(`${this.name(label)}: started (${total} steps)\n`);
  }

  tick(): void {}

  done(): void {
    if (this.label !== null && this.verbose) {
      const seconds = (performance.now() - this.startedAt) / 1000;
      const cpu = process.cpuUsage(this.cpuAt ?? undefined);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      this.stream.write(`${this.name(this.label)}: done in ${seconds.toFixed(1)} s (cpu ${cpuSeconds.toFixed(1)} s in this process)\n`);
    }
    this.label = null;
  }

  log(message: string): void {
    this.stream.write(`${message}\n`);
  }
}
