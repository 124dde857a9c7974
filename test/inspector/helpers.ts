import { replayCapture } from '../../src/capture/replay.js';
import type { ListenSession, ReplayDone } from '../../src/capture/session.js';
import { startInspector, type Inspector } from '../../src/inspector/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A real capture server and store with an inspector on a free loopback port. */
export interface InspectedSession extends TestServer {
  session: ListenSession;
  inspector: Inspector;
}

export async function startInspected(secrets: Record<string, string> = {}): Promise<InspectedSession> {
  const t = await startServer({ secrets });
  // What listen's TUI session does (src/capture/listen.ts): replay, stored unless sent to itself.
  const replay = async (captureId: string, url: string): Promise<ReplayDone> => {
    const { request, stored, result } = await replayCapture(t.store, t.store.get(captureId), { to: url, timeoutMs: 5000 });
    const self = new URL(request.url).port === String(t.server.port);
    return { status: result.status, verdict: result.verdict, accepted: result.accepted, stored: self ? null : stored };
  };
  const session: ListenSession = { server: t.server, store: t.store, secrets, urls: [t.url], quit: () => undefined, replay };
  const inspector = await startInspector(session, { port: 0 });
  return {
    ...t,
    session,
    inspector,
    close: async () => {
      await inspector.close();
      await t.close();
    },
  };
}
