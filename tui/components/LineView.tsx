/** One styled line (segments → nested Ink Text); colour dropped when NO_COLOR is set. */
import { Text } from 'ink';
import type { Line } from '../text.js';
import { toneStyle } from '../theme.js';

export function LineView({ line, colour }: { line: Line; colour: boolean }): JSX.Element {
  return (
    <Text wrap="truncate">
      {line.map((s, i) => {
        const st = s.tone !== undefined ? toneStyle(s.tone, colour) : {};
        return (
          <Text key={i} color={st.color} dimColor={st.dim === true && colour} bold={s.bold === true || st.bold === true} inverse={s.inverse === true}>
            {s.text}
          </Text>
        );
      })}
    </Text>
  );
}
