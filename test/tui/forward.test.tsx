import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
// Before ink: loading ink (yoga's wasm) touches fetch, which installs Node's bundled undici as the
// global dispatcher unless ours is loaded already (as in `listen`, which loads the TUI last).
import { request } from 'undici';
import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForwardHealth } from '../../src/capture/forward-health.js';
import { forwardView, watchHealth } from '../../src/capture/session.js';
import { headerValue, type RawRequest } from '../../src/core/raw-request.js';
import { App } from '../../src/tui/components/App.js';
import type { TuiSession } from '../../src/tui/model.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { colour, mono, renderAt, sample, stripSgr } from './helpers.js';

let closers: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const c of closers.reverse()) await c();
  closers = [];
});

/** Sends a sample to the listener the way its gateway would; the body is consumed. */
async function post(url: string, req: RawRequest): Promise<number> {
  const res = await request(`${url}${req.url}`, { method: 'POST', body: req.body, headers: { 'content-type': headerValue(req.headers, 'content-type')! } });
  await res.body.dump();
  return res.statusCode;
}

/** A real capture server forwarding to `target`, with the app's health wired as listen wires it. */
async function forwardingSession(target: string, intervalMs = 2000): Promise<{ srv: TestServer; health: ForwardHealth; session: TuiSession }> {
  const srv = await startServer({ forward: { target, pathMode: 'keep', timeoutMs: 2000 } });
  closers.push(srv.close);
  const health = new ForwardHealth(target, intervalMs);
  closers.push(() => health.stop());
  const forward = forwardView(target, health);
  watchHealth(srv.server, health);
  await health.start();
  return { srv, health, session: { server: srv.server, store: srv.store, secrets: {}, urls: [srv.url], quit: vi.fn(), forward } };
}

/** A plain node:http app on a given port (0: any), answering 200 OK. */
async function appOn(port: number): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => res.end('OK'));
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// A row starts with the time (EVENT is among the columns that go at 80).
const rowsOf = (frame: string | undefined): string[] => stripSgr(frame ?? '').split('\n').filter((l) => /^[> ] \d\d:\d\d:\d\d.* (smsc|webcom) /.test(l));

// Webcom Mobi re-sends a status until the answer echoes its id_sms; SMSC.ru wants a 200.
const echo = (body: Buffer): string => JSON.stringify((JSON.parse(body.toString()) as Array<{ id_sms: unknown }>).map((i) => ({ id_sms: i.id_sms })));

describe('tui with --forward-to', () => {
  it("shows the app's status and the provider's verdict in each row, coloured, and the full verdict in details", async () => {
    const app = await startReceiver((req, n) => (n === 1 ? http(200, 'OK') : n === 2 ? http(200, echo(req.body), 'application/json') : http(500, 'boom')));
    closers.push(app.close);
    const { srv, session } = await forwardingSession(app.url);
    const { lastFrame, stdin } = render(<App session={session} paint={colour} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('APP'));
    expect(await post(srv.url, sample('webcom', 'delivered'))).toBe(200);
    expect(await post(srv.url, sample('webcom', 'delivered'))).toBe(200);
    expect(await post(srv.url, sample('smsc', 'delivered'))).toBe(500);
    await vi.waitFor(() => expect(rowsOf(lastFrame())).toHaveLength(3));
    const rows = rowsOf(lastFrame());
    expect(rows[0]).toMatch(/webcom .*delivered \* 200 ✗ resend /);
    expect(rows[1]).toMatch(/webcom .*delivered \* 200 ✓ /);
    expect(rows[2]).toMatch(/smsc .*delivered \* 500 ✗ resend /);
    // Red when the provider would not take the answer, green when it would.
    expect(lastFrame()).toContain('\x1b[31m200 ✗ resend');
    expect(lastFrame()).toContain('\x1b[32m200 ✓');
    expect(lastFrame()).toContain('\x1b[31m500 ✗ resend');

    // The first row's details: the verdict in words on the decoded tab, labelled lines on the answer tab.
    stdin.write('k');
    stdin.write('k');
    await vi.waitFor(() => expect(stripSgr(lastFrame()!)).toMatch(/^> .*200 ✗ resend/m));
    stdin.write('d');
    await vi.waitFor(() => expect(stripSgr(lastFrame()!)).toContain('your app 200: ✗ Webcom Mobi would send this again:'));
    expect(stripSgr(lastFrame()!)).toMatch(/id_sms/);
    for (let t = 0; t < 5; t++) stdin.write('\t');
    await vi.waitFor(() => expect(lastFrame()).toContain('[answer]'));
    const answer = stripSgr(lastFrame()!);
    expect(answer).toContain("your app's answer (forwarded)");
    expect(answer).toContain(`url: ${app.url}/webcom/status`);
    expect(answer).toContain('status: 200');
    expect(answer).toMatch(/latency: [\d.]+ ms/);
    expect(answer).toContain('verdict: ✗ Webcom Mobi would send this again:');
    // Not the raw JSON of the stored result.
    expect(answer).not.toContain('"verdict"');
    expect(answer).not.toContain('"latencyMs"');
  });

  it('shows the app verdict with NO_COLOR in words only, and fits 80 columns', async () => {
    const app = await startReceiver(() => http(500, 'boom'));
    closers.push(app.close);
    const { srv, session } = await forwardingSession(app.url);
    const { lastFrame, unmount } = renderAt(<App session={session} paint={mono} />, 80, 24);
    closers.push(unmount);
    await post(srv.url, sample('smsc', 'delivered'));
    await vi.waitFor(() => expect(rowsOf(lastFrame())).toHaveLength(1));
    expect(lastFrame()).not.toContain('\x1b');
    // At 80 columns the app's answer keeps its words and the meaning stays beside it.
    expect(rowsOf(lastFrame())[0]).toMatch(/delivered \* 500 ✗ resend +Delivered: del/);
    expect(lastFrame()).toContain('APP');
    expect(lastFrame()).toContain('MEANING');
    for (const line of lastFrame().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('redraws when the app goes down and comes back, and says so on the status line', async () => {
    // Find a free port for the app, and start with the app not running there.
    const first = await appOn(0);
    const target = first.url;
    await first.close();
    const { srv, session } = await forwardingSession(target, 50);
    // Wide enough for the whole status line.
    const { lastFrame, unmount } = renderAt(<App session={session} paint={mono} />, 160, 24);
    closers.push(unmount);
    // Down at start: the header says so and the status line says why.
    await vi.waitFor(() => expect(lastFrame()).toContain(`your app at ${target} is not reachable: connection refused at 127.0.0.1:${first.port}`));
    expect(lastFrame()).toContain(`→ ${target} (app DOWN)`);

    // The app comes up: the poll sees it and the frame changes without anything else happening.
    let app = await appOn(first.port);
    closers.push(() => app.close());
    await vi.waitFor(() => expect(lastFrame()).toContain(`→ ${target} (app up)`));
    expect(lastFrame()).toContain(`your app at ${target} is back`);
    await post(srv.url, sample('smsc', 'delivered'));
    await vi.waitFor(() => expect(rowsOf(lastFrame())).toHaveLength(1));
    expect(rowsOf(lastFrame())[0]).toContain('200 ✓');

    // It goes away: the relay fails, the caller gets 502, the row and header say so.
    await app.close();
    expect(await post(srv.url, sample('smsc', 'failed'))).toBe(502);
    await vi.waitFor(() => expect(lastFrame()).toContain(`→ ${target} (app DOWN)`));
    expect(lastFrame()).toContain(`your app at ${target} is not reachable`);
    await vi.waitFor(() => expect(rowsOf(lastFrame())).toHaveLength(2));
    expect(rowsOf(lastFrame())[1]).toContain('✗ unreachable');

    app = await appOn(first.port);
    await vi.waitFor(() => expect(lastFrame()).toContain(`your app at ${target} is back`));
    expect(lastFrame()).toContain(`→ ${target} (app up)`);
  });
});
