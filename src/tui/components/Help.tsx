import type { ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';

// Kept under 80 columns; style comes from paint (ink's own colour props ignore NO_COLOR).
const HELP = [
  'Keys',
  '  ↑/↓ j/k   move                   PgUp/PgDn  page',
  '  g/G       first/last capture in the store',
  '  Enter, d  details                Tab/Shift-Tab  switch details tab',
  '  J/K       scroll the details     f  follow new captures (up turns it off)',
  '  /         filter, Esc clears     r  replay the selected capture to a URL',
  '  c         curl command, printed below the UI when you quit',
  '  q Ctrl-C  quit',
  'Filter terms (ANDed, case-insensitive substrings)',
  '  provider:smsc event:status outcome:failed id:<msg id> phone:7999',
  '  sig:invalid flag:duplicate since:2h until:<ISO time> words (as list --filter)',
  'Columns (newest capture at the bottom)',
  '  OUTCOME is always written out; F: * marks a final status',
  '  SIG: ok, BAD, none (unsigned), - (no secret configured)',
  '  FLAGS: dup/D duplicate, ooo/O out of order, imp/I impossible,',
  '         ldup/L likely duplicate (another id), err/E decoding problem',
  "  APP (--forward-to): your app's status, ✓ the provider accepts it,",
  '       ✗ resend / lost if not; ✗ unreachable, timeout: no answer',
];

/** The help screen (`?`). */
export function Help({ height, paint }: { readonly height: number; readonly paint: ChalkInstance }) {
  return (
    <Box flexDirection="column" height={height}>
      {HELP.slice(0, height).map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l.startsWith(' ') ? l : paint.bold(l)}
        </Text>
      ))}
    </Box>
  );
}
