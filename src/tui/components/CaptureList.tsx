import type { ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';
import { memo } from 'react';
import { safePreview } from '../../core/safe-text.js';
import type { RowData } from '../model.js';
import { rowLine, titleLine, type Column } from './columns.js';

export interface CaptureListProps {
  /** The rows on screen, oldest first: the newest capture is at the bottom. */
  readonly rows: readonly RowData[];
  readonly columns: readonly Column[];
  readonly selected: number | null;
  readonly height: number;
  readonly width: number;
  readonly paint: ChalkInstance;
  /** Shown instead of rows when there are none. */
  readonly empty: readonly string[];
}

interface RowProps {
  readonly row: RowData;
  readonly columns: readonly Column[];
  readonly paint: ChalkInstance;
  readonly selected: boolean;
}

// Memoised: while following a burst, rows only shift up, so most lines are not rebuilt.
const Row = memo(function Row({ row, columns, paint, selected }: RowProps) {
  return <Text wrap="truncate-end">{rowLine(row, columns, paint, selected)}</Text>;
});

/** The column titles and one line per capture; lines are cut, never wrapped. */
export function CaptureList({ rows, columns, selected, height, width, paint, empty }: CaptureListProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">{titleLine(columns, paint)}</Text>
      <Box flexDirection="column" height={height}>
        {rows.length === 0
          ? empty.map((line, i) => (
              <Text key={i} wrap="truncate-end">
                {paint.dim(safePreview(line, width))}
              </Text>
            ))
          : rows.map((r) => <Row key={r.seq} row={r} columns={columns} paint={paint} selected={r.seq === selected} />)}
      </Box>
    </Box>
  );
}
