/** Prints the controller's lines: one Text per line, one nested Text per styled segment. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Line } from '../views/lines.js';

/** One line of segments; memoised on the line's identity-free content would cost more than it saves. */
function LineView({ line }: { line: Line }) {
  return (
    <Text wrap="truncate">
      {line.map((s, i) => (
        <Text key={i} color={s.color} backgroundColor={s.bg} bold={s.bold} inverse={s.inverse} dimColor={s.dim} underline={s.underline}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

/** The whole frame, exactly as tall as the lines given. */
export const Frame = memo(function Frame({ lines, width }: { lines: Line[]; width: number }) {
  return (
    <Box flexDirection="column" width={width} height={lines.length}>
      {lines.map((l, i) => <LineView key={i} line={l} />)}
    </Box>
  );
});
