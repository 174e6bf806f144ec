// The panel beside or under the terminal: processes like top, services and their states, the system log's tail,
// stacked at the side or side by side at the bottom; its lines come from panel-text.ts.
import { Box, Text } from 'ink';
import { logLines, processLines, serviceLines } from './panel-text.js';
import type { Snapshot } from './system-snapshot.js';

function Lines({ lines, width, height }: { lines: string[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place
        <Text key={i} wrap="truncate-end" bold={i === 0}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

export function Panel({ snapshot, place, width, height }: { snapshot: Snapshot; place: 'side' | 'bottom'; width: number; height: number }) {
  if (place === 'side') {
    const processes = Math.max(3, Math.floor(height / 2));
    const services = Math.max(2, Math.floor((height - processes) / 2));
    const log = height - processes - services;
    return (
      <Box flexDirection="column" width={width} height={height} marginLeft={1} flexShrink={0}>
        <Lines lines={processLines(snapshot.processes, width, processes)} width={width} height={processes} />
        <Lines lines={serviceLines(snapshot.services, width, services)} width={width} height={services} />
        <Lines lines={logLines(snapshot.log, width, log)} width={width} height={log} />
      </Box>
    );
  }
  const third = Math.floor((width - 2) / 3);
  return (
    <Box flexDirection="row" width={width} height={height} flexShrink={0}>
      <Lines lines={processLines(snapshot.processes, third, height)} width={third + 1} height={height} />
      <Lines lines={serviceLines(snapshot.services, third, height)} width={third + 1} height={height} />
      <Lines lines={logLines(snapshot.log, width - 2 * (third + 1), height)} width={width - 2 * (third + 1)} height={height} />
    </Box>
  );
}
