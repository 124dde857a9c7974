import { describe, expect, it } from 'vitest';
import { isPort, unbracketHost } from '../../src/core/address.js';

describe('address', () => {
  it('strips the brackets URL keeps around an IPv6 hostname, and nothing else', () => {
    expect(unbracketHost(new URL('http://[::1]:8686/').hostname)).toBe('::1');
    expect(unbracketHost(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('::ffff:7f00:1');
    expect(unbracketHost('127.0.0.1')).toBe('127.0.0.1');
    expect(unbracketHost('localhost')).toBe('localhost');
  });

  it('takes the ports a socket can bind', () => {
    expect([0, 1, 8686, 65535].map(isPort)).toEqual([true, true, true, true]);
    expect([-1, 65536, 1.5, Number.NaN, Infinity].map(isPort)).toEqual([false, false, false, false, false]);
  });
});
