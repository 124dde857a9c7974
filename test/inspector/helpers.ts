import { sessionReplay, type ListenSession } from '../../src/capture/session.js';
import { startInspector, type Inspector } from '../../src/inspector/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A real capture server and store with an inspector on a free loopback port. */
export interface InspectedSession extends TestServer {
  session: ListenSession;
  inspector: Inspector;
}

export async function startInspected(secrets: Record<string, string> = {}): Promise<InspectedSession> {
  const t = await startServer({ secrets });
  // listen's replay (src/commands/listen.ts), this server being the listener to recognise.
  const replay = sessionReplay(t.store, (url) => new URL(url).port === String(t.server.port), 5000);
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
