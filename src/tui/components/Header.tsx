import type { ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';
import { safePreview } from '../../core/safe-text.js';
import type { TuiState } from '../state.js';

export interface HeaderProps {
  readonly urls: readonly string[];
  readonly storeFile: string;
  readonly total: number;
  readonly session: TuiState['session'];
  readonly paint: ChalkInstance;
  readonly width: number;
  readonly forward?: { target: string; state: () => 'up' | 'down' | 'unknown' };
  readonly tunnel?: { state: () => { publicUrl: string | null; state: 'up' | 'down'; reachable: boolean | null } };
  readonly inspector?: string;
}

/** Two lines: where we listen, then counts (store total, this session per provider, failures). */
export function Header({ urls, storeFile, total, session, paint, width, forward, tunnel, inspector }: HeaderProps) {
  const [main, ...lan] = urls.map((u) => safePreview(u, 60));
  const health = forward?.state();
  const fwd = forward ? `  → ${safePreview(forward.target, 40)} ${health === 'up' ? paint.green('(app up)') : health === 'down' ? paint.red('(app DOWN)') : '(app ?)'}` : '';
  const t = tunnel?.state();
  const pub = t
    ? `  public ${t.state === 'down' ? paint.red('(tunnel DOWN)') : `${paint.cyan(safePreview(t.publicUrl ?? '?', 60))} ${t.reachable === true ? paint.green('(probe ok)') : t.reachable === false ? paint.red('(probe FAILED)') : '(probe ?)'}`}`
    : '';
  const web = inspector ? `  inspector ${paint.cyan(safePreview(inspector, 40))}` : '';
  const listen = `${paint.bold('webhook-kit')} listening on ${paint.cyan(main ?? '?')}${web}${pub}${lan.length ? `  on your network: ${lan.join('  ')}` : ''}${fwd}`;
  const providers = Object.entries(session.byProvider)
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${safePreview(p, 16)} ${n}`);
  const failed = session.failed ? paint.red(`failed ${session.failed}`) : 'failed 0';
  const counts = `stored ${total} · this session ${session.count}${providers.length ? ` (${providers.join(', ')})` : ''} · ${failed} · store ${safePreview(storeFile, 200)}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">{listen}</Text>
      <Text wrap="truncate-end">{counts}</Text>
    </Box>
  );
}
