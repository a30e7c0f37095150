/**
 * tests/systems/irq-pending: a UART driver's IRQ is raised while it is still in init(), so the
 * IRQ's signal is left pending in its notification and its first receive takes it. The irqs table
 * must name the driver as the handler and that receive as the handler start: it had NULL for
 * both, so the README's IRQ-latency query skipped exactly the IRQs that waited for a busy handler.
 */
import { describe, expect, it } from 'vitest';
import { recordImage } from '../analysis/helpers.js';

const IMAGE = decodeURIComponent(new URL('./irq-pending/image.elf', import.meta.url).pathname);

describe('IRQ left pending for a busy handler', () => {
  it('irqs rows name the notification\'s owner and the receive that took the signal', () => {
    const { db } = recordImage(IMAGE, 10_000_000, new TextEncoder().encode('hi q'));
    const uart = (db.prepare("SELECT id FROM threads WHERE name = 'uart'").get() as { id: number }).id;
    const recv = (db.prepare("SELECT cycle FROM events WHERE kind = 'syscall' AND name = 'Recv' AND thread = ? ORDER BY id LIMIT 1").get(uart) as { cycle: number }).cycle;
    const rows = db.prepare('SELECT handler, raise_cycle, deliver_cycle, handler_cycle, ack_cycle FROM irqs ORDER BY id').all() as
      { handler: number | null; raise_cycle: number; deliver_cycle: number; handler_cycle: number | null; ack_cycle: number | null }[];
    expect(rows.length).toBe(2);
    // Raised at once (input waiting since cycle 0) while init() still runs, well before its receive.
    expect(rows[0].raise_cycle).toBeLessThan(recv);
    for (const r of rows) expect(r).toMatchObject({ handler: uart, handler_cycle: recv });
    // The README's latency query sees both.
    const lat = db.prepare('SELECT i.handler_cycle - i.raise_cycle AS latency FROM irqs i WHERE i.handler_cycle IS NOT NULL').all();
    expect(lat).toHaveLength(2);
  });
});
