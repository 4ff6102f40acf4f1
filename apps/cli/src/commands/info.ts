import { availableParallelism, cpus, platform, arch } from 'node:os';
import type { RegisterCommands } from './types.js';
import { versions } from '../versions.js';

/** What `lmkit info` reports. */
export interface InfoReport {
  lmkit: string;
  packages: Record<string, string | null>;
  tfjs: string;
  /** The tfjs backend actually running after initialisation (may differ from the request on fallback). */
  backend: string;
  /** The backend asked for (`--backend`, `LMKIT_BACKEND`, or the default wasm). */
  requestedBackend: string;
  cores: number;
  cpu: string | null;
  node: string;
  platform: string;
}

/** Registers `lmkit info`. */
export const registerInfoCommands: RegisterCommands = (program, rt) => {
  program
    .command('info')
    .description('show lmkit and package versions, the tfjs version, the backend actually running, CPU cores and Node version')
    .action(async () => {
      await rt.initBackend();
      const tf = await import('@tensorflow/tfjs');
      const v = versions();
      const packages: Record<string, string | null> = {};
      for (const [name, version] of Object.entries(v)) if (name.startsWith('@lmkit/')) packages[name] = version;
      const report: InfoReport = {
        lmkit: v.lmkit ?? 'unknown',
        packages,
        tfjs: tf.version_core,
        backend: tf.getBackend(),
        requestedBackend: rt.globals().backend ?? (process.env.LMKIT_BACKEND || 'wasm'),
        cores: availableParallelism(),
        cpu: cpus()[0]?.model ?? null,
        node: process.version,
        platform: `${platform()}-${arch()}`,
      };
      rt.output(report, () => formatInfo(report));
    });
};

function formatInfo(r: InfoReport): string {
  const rows: [string, string][] = [
    ['lmkit', r.lmkit],
    ...Object.entries(r.packages).map(([k, v]): [string, string] => [k, v ?? 'not installed']),
    ['tfjs', r.tfjs],
    ['backend', r.backend === r.requestedBackend ? r.backend : `${r.backend} (asked for ${r.requestedBackend})`],
    ['cores', String(r.cores)],
    ['cpu', r.cpu ?? 'unknown'],
    ['node', r.node],
    ['platform', r.platform],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
