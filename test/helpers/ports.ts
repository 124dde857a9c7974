import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const RANGE = '/proc/sys/net/ipv4/ip_local_port_range';

/** Whether a server can bind `port` on 127.0.0.1 right now (0: whatever the kernel gives; resolves that port, or null). */
function tryBind(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const got = (srv.address() as { port: number }).port;
      srv.close(() => resolve(got));
    });
  });
}

/**
 * A free loopback port for a server something binds later (`listen --port`, sshd, a tunnel
 * stand-in's edge), below the kernel's ephemeral range: a port taken from bind(0) and released was
 * sometimes taken again meanwhile in a busy run (a stand-in exited with EADDRINUSE), because every
 * outgoing connection's source port and every bind to port 0 come from that range; none come
 * from below it. Where the range cannot be read, the kernel's pick.
 */
export async function unclaimedPort(): Promise<number> {
  const low = existsSync(RANGE) ? Number(readFileSync(RANGE, 'utf8').trim().split(/\s+/)[0]) : 0;
  if (!(low > 2048)) return (await tryBind(0))!;
  for (;;) {
    const free = await tryBind(1024 + Math.floor(Math.random() * (low - 1024)));
    if (free !== null) return free;
  }
}
