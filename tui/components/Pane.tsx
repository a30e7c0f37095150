/**
 * A pane: its title line over its body lines, in a box of exactly its size. Lines come cut to
 * the width, so no clipping box is needed (Ink's clipping re-measures every line).
 */
import type { JSX } from 'react';
import { Box } from 'ink';
import type { PaneContent } from '../panes.js';
import { LineView } from './LineView.js';

export function Pane({ content, width, height, colour }: { content: PaneContent; width: number; height: number; colour: boolean }): JSX.Element {
  return (
    <Box flexDirection="column" width={width} height={height}>
      <LineView line={content.title} colour={colour} />
      {content.body.slice(0, Math.max(0, height - 1)).map((l, i) => <LineView key={i} line={l} colour={colour} />)}
    </Box>
  );
}
