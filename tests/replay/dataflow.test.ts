import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplaySession } from '../../replay/session.js';
import { lastWrite, writeHistory, parseWriteTarget } from '../../replay/dataflow.js';
import { recordElf } from '../helpers/record.js';

describe('reverse data-flow', () => {
  let stream = '';
  beforeAll(() => {
    stream = join(mkdtempSync(join(tmpdir(), 'seltrace-df-')), 'df.strace');
    // Tiny checkpoint interval so queries cross checkpoints.
    recordElf('tests/replay/bin/dataflow.elf', stream, 40);
  });

  it('finds the last writer of a memory range, ignoring nearby stores', () => {
    const r = ReplaySession.open(stream);
    r.seek(r.endCycle);
    const buf = r.symbolAddress('buf')!;
    const w = lastWrite(r, { addr: buf, size: 8 });
    expect(w?.pc).toBe(r.symbolAddress('second_write'));
    expect(w?.insn).toMatch(/^sw a0,4\(t0\)/);
    expect(w?.value).toBe('0x0000002200000011');
    // The session is back where it was.
    expect(r.cycle).toBe(r.endCycle);
    // Before second_write, the last writer is first_write.
    r.seekInstret(w!.instret);
    expect(lastWrite(r, { addr: buf, size: 8 })?.pc).toBe(r.symbolAddress('first_write'));
    r.close();
  });

  it('finds register writers, same-value writes included', () => {
    const r = ReplaySession.open(stream);
    r.seek(r.endCycle);
    expect(lastWrite(r, parseWriteTarget('a2'))?.pc).toBe(r.symbolAddress('set_a2'));
    expect(lastWrite(r, parseWriteTarget('a3'))?.pc).toBe(r.symbolAddress('same_value'));
    r.close();
  });

  it('lists the history of writes to a range', () => {
    const r = ReplaySession.open(stream);
    r.seek(r.endCycle);
    const h = writeHistory(r, { addr: r.symbolAddress('buf')!, size: 8 }, 0, r.instret);
    expect(h.map((x) => x.pc)).toEqual([r.symbolAddress('first_write'), r.symbolAddress('second_write')]);
    r.close();
  });
});
