import { describe, expect, it } from 'vitest';
import { isLoopback } from './loopback.js';

describe('this machine', () => {
  it('is the whole 127/8 block and ::1, also as IPv4 through an IPv6 socket; nothing else', () => {
    for (const a of ['127.0.0.1', '127.0.1.1', '127.255.255.254', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.127', '::ffff:10.0.0.127', '1127.0.0.1', '::2', 'local', ''])
      expect(isLoopback(a), a).toBe(false);
  });
});
