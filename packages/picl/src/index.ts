/**
 * @lmkit/picl
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/picl';
