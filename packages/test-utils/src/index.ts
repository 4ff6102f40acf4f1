/**
 * @lmkit/test-utils — helpers the workspace's tests share (private, never published; imported as
 * TypeScript source by vitest).
 * @packageDocumentation
 */
export { packAndInstall, type PackInstallResult } from './pack-install.js';
export { useTempDir, makeTempDir } from './temp-dir.js';
export { workspacePackageDir, workspaceRoot } from './workspace.js';
export { buildIfStale, buildTraceWorker, type BuildIfStaleOptions } from './build-if-stale.js';
export { maxRelError } from './compare.js';
