/**
 * @lmkit/xpos
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/xpos';
