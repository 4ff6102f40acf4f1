import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './redis.js';

describe('parseQueueUrl', () => {
  it('accepts redis://HOST:PORT/N and hides a password in the display form', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6379/2')).toEqual({ url: 'redis://127.0.0.1:6379/2', display: 'redis://127.0.0.1:6379/2' });
    expect(parseQueueUrl('rediss://user:s3cret@cache.example:6380/0').display).toBe('rediss://user:***@cache.example:6380/0');
  });

  it.each([
    ['localhost:6379', 'has protocol localhost'],
    ['http://h:1/0', 'has protocol http'],
    ['redis://h:1/db', 'has database "db"'],
    ['redis://h:1/0?x=1', 'has a query'],
    ['not a url', 'is not a URL'],
  ])('rejects %s with a coded one-line error', (raw, why) => {
    expect(() => parseQueueUrl(raw)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT', message: expect.stringContaining(why) }));
  });
});
