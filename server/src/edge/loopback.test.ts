import { describe, expect, it } from 'vitest';
import { isLoopback } from './loopback.js';

describe('this machine', () => {
  it('is 127.0.0.1 and ::1, also through an IPv6 socket; another 127.x.y.z plays another machine', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['127.0.1.1', '127.0.9.3', '10.0.0.1', '192.168.1.127', '::ffff:10.0.0.127', '::2', 'local', ''])
      expect(isLoopback(a), a).toBe(false);
  });
});
