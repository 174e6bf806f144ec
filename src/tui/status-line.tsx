// The status line: the session tabs (the one in front in reverse video, `*` where output waits, `-` where the shell
// has ended) and the key hint; after the prefix, the commands it waits for.
import { Box, Text } from 'ink';
import type { Tab } from './view.js';

export const HINT = 'Ctrl+A: p panel  n new  1-9 go  k kill  c close  q quit';
export const WAITING_HINT = 'Ctrl+A … p panel  n new  1-9/←→ go  k kill  c close  q quit  ^A send ^A';

/** A tab's label: its place in the list (what Ctrl+A 1-9 go to), then `*` (output waiting) or `-` (ended). */
function tabLabel(tab: Tab, place: number): string {
  return ` ${place}${tab.waiting ? '*' : tab.running ? '' : '-'} `;
}

export function StatusLine({ tabs, prefix, width, note }: { tabs: Tab[]; prefix: boolean; width: number; note: string | null }) {
  const hint = prefix ? WAITING_HINT : note ? `${note} · ${HINT}` : HINT;
  return (
    <Box width={width} height={1} flexShrink={0}>
      {tabs.map((tab, i) => (
        <Text key={tab.id} inverse={tab.focused}>
          {tabLabel(tab, i + 1)}
        </Text>
      ))}
      <Text> </Text>
      <Box flexGrow={1} justifyContent="flex-end">
        <Text wrap="truncate-end" bold={prefix}>
          {hint}
        </Text>
      </Box>
    </Box>
  );
}
