// The focused session's terminal drawn at its size: one <Text> per row of pre-styled runs (screen-rows.ts), each
// row memoised on its string, so a frame where one row changed re-renders one row.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { ScreenFrame } from './screen-rows.js';

const Row = memo(function Row({ line }: { line: string }) {
  return <Text wrap="truncate-end">{line}</Text>;
});

export function TerminalView({ screen }: { screen: ScreenFrame }) {
  return (
    <Box flexDirection="column" width={screen.width} height={screen.height} flexShrink={0}>
      {screen.rows.map((line, y) => (
        // rows have no identity but their place
        // biome-ignore lint/suspicious/noArrayIndexKey: a row is its index
        <Row key={y} line={line} />
      ))}
    </Box>
  );
}
