/**
 * The TUI's timeline lanes drawn from the thread_states table match those replayed from events
 * (inside the recording; after its end the table shows nothing, as it should).
 */
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLanes, LANE_KINDS } from '../../tui/lanes.js';
import { eventsIn, stateEventsBefore, threadList, threadStatesIn } from '../../replay/event-queries.js';
import { recordToAsync, tempDir } from './helpers.js';

const dir = tempDir();
const traces = new Map<string, string>();
beforeAll(async () => {
  for (const n of ['realtime', 'client-server-driver', 'producer-consumer']) traces.set(n, await recordToAsync(dir, n, `examples/${n}/image.elf`));
}, 120_000);

describe('lanes from thread_states', () => {
  it.each(['realtime', 'client-server-driver', 'producer-consumer'])('%s: same cells as the event replay, at several zooms', (name) => {
    const db = new Database(`${traces.get(name)!}.db`, { readonly: true });
    try {
      const threads = threadList(db);
      const end = Number((db.prepare("SELECT value FROM meta WHERE key = 'cycles'").get() as { value: string }).value);
      let differing = 0, total = 0;
      for (const cpc of [100, 1000, 10_000, 100_000]) {
        for (const from of [0, Math.floor(end / 3 / cpc) * cpc, Math.floor(end / 2 / cpc) * cpc]) {
          const cols = 100;
          const events = eventsIn(db, from, from + cpc * cols, LANE_KINDS, 1_000_000);
          const a = buildLanes({ from, cpc, cols, threads, initial: stateEventsBefore(db, from), events });
          const b = buildLanes({ from, cpc, cols, threads, initial: [], intervals: threadStatesIn(db, from, from + cpc * cols), events });
          expect(b.map((l) => l.label)).toEqual(a.map((l) => l.label));
          for (let i = 0; i < a.length; i++) {
            // Past the end of the recording the table has no states (the replay keeps the last).
            for (let c = 0; c < cols && from + (c + 1) * cpc <= end; c++) { total++; if (a[i].cells[c].ch !== b[i].cells[c].ch) differing++; }
            for (let c = Math.ceil((end - from) / cpc) + 1; c < cols; c++) if (b[i].id !== null) expect(b[i].cells[c].ch).toBe(' ');
          }
        }
      }
      expect(total).toBeGreaterThan(300);
      expect(differing, `${differing} of ${total} cells differ`).toBe(0);
    } finally { db.close(); }
  });
});
