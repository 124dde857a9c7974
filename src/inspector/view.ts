import type { ListenSession, ListenView } from '../capture/session.js';
import { startInspector, type Inspector, type InspectorOptions } from './index.js';

/**
 * The browser inspector as a view of a listen session, beside the lines, NDJSON or TUI view.
 * `onStart` gets the running inspector (its url for the ready line; `fellBack` when the asked
 * port was busy); `onError` gets a failure to bind, which must not end the listener.
 */
export function inspectorView(opts: InspectorOptions & { onStart?: (i: Inspector) => void; onError?: (e: Error) => void }): ListenView {
  let running: Inspector | undefined;
  let closed = false;
  return {
    async attach(session: ListenSession): Promise<void> {
      try {
        const started = await startInspector(session, { port: opts.port });
        if (closed) return void (await started.close());
        running = started;
        opts.onStart?.(started);
      } catch (e) {
        opts.onError?.(e as Error);
      }
    },
    async close(): Promise<void> {
      closed = true;
      await running?.close();
    },
  };
}
