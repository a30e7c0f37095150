/**
 * tests/systems/fault-kinds: five PDs each take one kind of seL4 fault in init(). The event
 * listing (seltrace events, export CSV, the TUI's event pane) must say what each fault's recorded
 * word is: an address in hex for a VMFault, the cptr for a CapFault, the number of an
 * UnknownSyscall, nothing for a UserException (was "addr <decimal>" for all, "addr 0" included).
 */
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../replay/describe.js';
import { queryEvents } from '../../replay/event-queries.js';
import { recordImage } from '../analysis/helpers.js';

const IMAGE = decodeURIComponent(new URL('./fault-kinds/image.elf', import.meta.url).pathname);

describe('fault kinds', () => {
  it('each fault is described with its own recorded word', () => {
    const { db } = recordImage(IMAGE);
    const names = new Map((db.prepare('SELECT id, name FROM threads').all() as { id: number; name: string }[]).map((t) => [t.id, t.name]));
    const lines = queryEvents(db, { kind: 'fault' }).map((r) => describeEvent(r.event, (id) => names.get(id) ?? `T${id}`));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^nullp VMFault fault at 0x[0-9a-f]+ addr 0x0 \(unhandled\)$/);
    expect(lines[1]).toMatch(/^illegal UserException fault at 0x[0-9a-f]+ \(unhandled\)$/);
    expect(lines[2]).toBe('wild VMFault fault at 0x12345678 addr 0x12345678 (unhandled)');
    expect(lines[3]).toMatch(/^nocap CapFault fault at 0x[0-9a-f]+ cptr 0xdead00000000 \(unhandled\)$/);
    expect(lines[4]).toMatch(/^badsys UnknownSyscall fault at 0x[0-9a-f]+ syscall 77 \(unhandled\)$/);
  });

  it('a trap\'s tval is hex with its 0x (was bare hex digits, "tval 12345678" read as decimal)', () => {
    expect(describeEvent({ kind: 'trap', cycle: 5, instret: 5, cause: 13, interrupt: false, pc: 0x80000010, tval: String(0x12345678), priv: 0 }))
      .toBe('load page fault at 0x80000010 (priv U, tval 0x12345678)');
  });
});
