/**
 * @lmkit/trace
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/trace';
