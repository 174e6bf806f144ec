// The terminal UI's root component: subscribes to the frame publisher (the model lives outside React) and draws the
// latest frame — the focused session's terminal, the panel beside or under it, the status line; or, when the host
// terminal is too small, a message saying so.
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { Panel } from './panel.js';
import { StatusLine } from './status-line.js';
import { TerminalView } from './terminal-view.js';
import type { Frame } from './view.js';

/** What the app reads frames from (a FramePublisher). */
export interface FrameSource {
  current(): Frame;
  subscribe(listener: () => void): () => void;
}

export function App({ frames }: { frames: FrameSource }) {
  const frame = useSyncExternalStore(frames.subscribe, frames.current);
  const shown = frame.layout;
  if (shown.kind === 'too-small') return <Text wrap="wrap">{shown.message}</Text>;
  const panel = shown.panel && frame.panel ? shown.panel : null;
  const status = <StatusLine tabs={frame.tabs} prefix={frame.prefix} width={frame.host.columns} note={shown.note} />;
  const screen = frame.screen ? <TerminalView screen={frame.screen} /> : <Text>no session: Ctrl+A n opens one, Ctrl+A q quits</Text>;
  return (
    <Box flexDirection="column">
      <Box flexDirection="row">
        {screen}
        {panel?.place === 'side' && frame.panel ? <Panel snapshot={frame.panel} place="side" width={panel.width} height={panel.height} /> : null}
      </Box>
      {status}
      {panel?.place === 'bottom' && frame.panel ? <Panel snapshot={frame.panel} place="bottom" width={panel.width} height={panel.height} /> : null}
    </Box>
  );
}
