import { networkInterfaces } from 'node:os';

/** Non-internal IPv4 addresses a phone on the same network can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** True for hosts that accept connections from other machines. */
export const isExposedHost = (host: string): boolean => !['127.0.0.1', 'localhost', '::1'].includes(host) && !host.startsWith('127.');
