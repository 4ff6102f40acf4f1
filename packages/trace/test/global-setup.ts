/** Embeds the Python modules and builds @lmkit/trace's sandbox worker (plain JS in dist/) before the tests when src/ is newer. */
export { buildTraceWorker as default } from '@lmkit/test-utils';
