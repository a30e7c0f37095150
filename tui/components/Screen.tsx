/**
 * The whole screen for one Frame: header, panes as laid out, footer. A single Box tree whose
 * size is the layout's, so Ink repaints in place (no flicker, no scrolling).
 */
import type { JSX } from 'react';
import { Box } from 'ink';
import type { Frame } from '../frame.js';
import type { Layout } from '../layout.js';
import type { PaneId, UiState } from '../state.js';
import { consolePane, cpuPane, deadlinesPane, eventsPane, footerLine, headerLine, helpLines, kernelPane, timelinePane, type PaneContent } from '../panes.js';
import { LineView } from './LineView.js';
import { Pane } from './Pane.js';

const BUILDERS: Record<PaneId, (f: Frame, ui: UiState, w: number, h: number) => PaneContent> = {
  timeline: timelinePane, cpu: cpuPane, kernel: kernelPane, events: eventsPane, console: consolePane, deadlines: deadlinesPane,
};

export function Screen({ frame, ui, layout, colour }: { frame: Frame; ui: UiState; layout: Layout; colour: boolean }): JSX.Element {
  const body = layout.help
    ? (
      <Box flexDirection="column" height={layout.bodyHeight}>
        {helpLines(layout.cols, layout.bodyHeight).map((l, i) => <LineView key={i} line={l} colour={colour} />)}
      </Box>
    )
    : (
      <Box flexDirection="column" height={layout.bodyHeight}>
        {layout.rowsOfPanes.map((row, r) => (
          <Box key={r} flexDirection="row" columnGap={1} height={row[0]?.height ?? 0}>
            {row.map((b) => <Pane key={b.pane} content={BUILDERS[b.pane](frame, ui, b.width, b.height)} width={b.width} height={b.height} colour={colour} />)}
          </Box>
        ))}
      </Box>
    );
  return (
    <Box flexDirection="column" width={layout.cols} height={layout.rows}>
      <LineView line={headerLine(frame, layout.cols)} colour={colour} />
      {body}
      <LineView line={footerLine(ui, layout, layout.cols)} colour={colour} />
    </Box>
  );
}
