/** One styled line (segments → nested Ink Text); colour dropped when NO_COLOR is set. */
import { memo, type JSX } from 'react';
import { Text } from 'ink';
import type { Line } from '../text.js';
import { toneStyle } from '../theme.js';

function LineViewImpl({ line, colour }: { line: Line; colour: boolean }): JSX.Element {
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

/** Lines are rebuilt every frame; most are unchanged, so compare by content and skip React work. */
function sameLine(a: { line: Line; colour: boolean }, b: { line: Line; colour: boolean }): boolean {
  if (a.colour !== b.colour || a.line.length !== b.line.length) return false;
  for (let i = 0; i < a.line.length; i++) {
    const x = a.line[i], y = b.line[i];
    if (x.text !== y.text || x.tone !== y.tone || !x.bold !== !y.bold || !x.inverse !== !y.inverse) return false;
  }
  return true;
}

export const LineView = memo(LineViewImpl, sameLine);
