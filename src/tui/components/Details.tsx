import type { ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Detail } from '../hooks/pager.js';
import { TABS, type Tab } from '../state.js';
import { detailLines } from './details-lines.js';

export interface DetailsProps {
  readonly detail: Detail | null;
  readonly tab: Tab;
  readonly scroll: number;
  readonly height: number;
  readonly width: number;
  readonly paint: ChalkInstance;
}

/** The tab line and a scrolled slice of the selected capture's tab. */
export function Details({ detail, tab, scroll, height, width, paint }: DetailsProps) {
  const lines = useMemo(() => (detail ? detailLines(detail, tab, paint, width) : ['no capture selected']), [detail, tab, paint, width]);
  const room = Math.max(1, height - 1);
  const from = Math.min(scroll, Math.max(0, lines.length - room));
  const more = lines.length - from - room;
  const shown = lines.slice(from, from + room);
  if (more > 0) shown[shown.length - 1] = paint.dim(`… ${more + 1} more lines (J/K scroll)`);
  const tabs = TABS.map((t) => (t === tab ? paint.inverse(`[${t}]`) : ` ${t} `)).join(' ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">{`${tabs}  ${paint.dim(from ? `line ${from + 1}/${lines.length}` : '')}`}</Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
