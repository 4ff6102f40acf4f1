/**
 * @lmkit/icl
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/icl';
