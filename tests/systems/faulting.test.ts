/**
 * tests/systems/faulting: a passive server takes a VMFault mid-run (third request); its caller,
 * released by a timer IRQ, waits for ever. The deadline analysis must say the server is stopped
 * by its fault, as the recording shows.
 */
import { describe, expect, it } from 'vitest';
import { analyseDeadlines } from '../../replay/analysis/deadlines.js';
import { causeText } from '../../replay/analysis/describe-cause.js';
import { recordImage } from '../analysis/helpers.js';

const IMAGE = decodeURIComponent(new URL('./faulting/image.elf', import.meta.url).pathname);

describe('faulting system', () => {
  it('the client\'s last job waits for the server stopped by its VMFault (was: "server inactive", no word of the fault)', () => {
    const { db } = recordImage(IMAGE);
    const fault = db.prepare("SELECT thread, pc, type FROM events WHERE kind = 'fault'").all() as { thread: number; pc: number; type: string }[];
    expect(fault).toHaveLength(1);
    expect(fault[0].type).toBe('VMFault');
    const r = analyseDeadlines(db);
    const m = r.misses.find((x) => x.thread === 'client');
    expect(m).toBeDefined();
    expect(m!.finish).toBeNull();
    expect(m!.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m!.response);
    const big = [...m!.causes].sort((a, b) => b.cycles - a.cycles)[0];
    expect(big).toMatchObject({ kind: 'blocked', waitsFor: 'server' });
    expect(big.chain[1]).toMatchObject({ thread: 'server', state: 'inactive', fault: `VMFault at 0x${fault[0].pc.toString(16)}` });
    expect(causeText(big)).toBe(`blocked (blocked-reply) on server: server (200) inactive — stopped by its fault (VMFault at 0x${fault[0].pc.toString(16)})`);
  });
});
