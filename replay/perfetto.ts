/**
 * Perfetto / chrome://tracing export: the Chrome JSON Trace Event Format, written as a stream
 * from the index tables (thread_states, syscalls, ipc, irqs, budget), never whole in memory.
 *
 *   one process (the image), one track per thread (`thread_name` metadata, tid = TCB id),
 *   tid 0 "interrupts" for IRQ instants;
 *   ph "X" per thread-state interval (running = holding the CPU; ready / blocked / throttled),
 *   syscalls as "X" slices around the states they blocked in (proper nesting);
 *   ph "i" per IRQ raised; ph "C" budget counters per scheduling context;
 *   flows ph "s" / "f" (bp "e") from each IPC / signal sender to the receiver's wake-up.
 * Time: µs at the recording's clock (meta cycles_per_us), exact to the nanosecond.
 */
import type Database from 'better-sqlite3';

export interface PerfettoOptions { from: number; to: number; }
export interface ExportStats { events: number; slices: number; flows: number; }

interface Sink { write(s: string): void; }

export function writePerfetto(db: Database.Database, out: Sink, o: PerfettoOptions): ExportStats {
  const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  const cpu = Number(meta.get('cycles_per_us') ?? '100') || 100;
  /** Cycles → µs text with 3 decimals, computed in integer nanoseconds so ts + dur is exact. */
  const ns = (c: number): number => Math.round((c * 1000) / cpu);
  const us = (n: number): string => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`;
  const { from, to } = o;
  const stats: ExportStats = { events: 0, slices: 0, flows: 0 };
  let first = true;
  const emit = (obj: string): void => { out.write(first ? `\n${obj}` : `,\n${obj}`); first = false; stats.events++; };
  const str = JSON.stringify;
  const PID = 1;

  out.write('{"displayTimeUnit":"ns","traceEvents":[');
  emit(`{"ph":"M","pid":${PID},"tid":0,"name":"process_name","args":{"name":${str(`seltrace ${meta.get('image_name') ?? ''}`)}}}`);
  emit(`{"ph":"M","pid":${PID},"tid":0,"name":"thread_name","args":{"name":"interrupts"}}`);
  const threads = db.prepare('SELECT id, name, pd, priority FROM threads ORDER BY id').all() as { id: number; name: string; pd: string; priority: number | null }[];
  for (const t of threads) {
    emit(`{"ph":"M","pid":${PID},"tid":${t.id},"name":"thread_name","args":{"name":${str(`${t.name} (T${t.id})`)}}}`);
    if (t.priority !== null) emit(`{"ph":"M","pid":${PID},"tid":${t.id},"name":"thread_sort_index","args":{"sort_index":${256 - t.priority}}}`);
  }
  const names = new Map((db.prepare("SELECT object, name FROM events WHERE kind = 'object'").all() as { object: number; name: string }[]).map((r) => [r.object, r.name]));
  const nameOf = (id: number | null): string | null => (id === null ? null : names.get(id) ?? `#${id}`);

  // Thread tracks: state intervals and syscalls, parents before children (start, then longer first).
  const track = db.prepare(`
    SELECT start_cycle AS s, end_cycle AS e, 0 AS sys, state AS name, object, reason, NULL AS cap, NULL AS result, NULL AS label FROM thread_states
      WHERE thread = ? AND state <> 'inactive' AND end_cycle >= ? AND start_cycle <= ?
    UNION ALL
    SELECT start_cycle, end_cycle, 1, syscall, NULL, NULL, cap, result, label FROM syscalls
      WHERE thread = ? AND end_cycle >= ? AND start_cycle <= ?
    ORDER BY s, e DESC, sys DESC`);
  for (const t of threads) {
    for (const r of track.iterate(t.id, from, to, t.id, from, to) as IterableIterator<{ s: number; e: number; sys: number; name: string; object: number | null; reason: string | null; cap: string | null; result: string | null; label: string | null }>) {
      const s = Math.max(r.s, from), e = Math.min(r.e, to);
      if (e < s || (r.sys === 0 && e === s)) continue;
      const a = ns(s), d = ns(e) - a;
      const args = r.sys === 1
        ? `{"cap":${str(r.cap)},"label":${str(r.label)},"result":${str(r.result)},"start_cycle":${r.s},"end_cycle":${r.e}}`
        : `{"object":${str(nameOf(r.object))},"reason":${str(r.reason)},"start_cycle":${r.s},"end_cycle":${r.e}}`;
      const name = r.sys === 1 ? r.name : r.object !== null ? `${r.name} ${nameOf(r.object)}` : r.name;
      emit(`{"ph":"X","pid":${PID},"tid":${t.id},"cat":"${r.sys === 1 ? 'syscall' : 'state'}","name":${str(name)},"ts":${us(a)},"dur":${us(d)},"args":${args}}`);
      stats.slices++;
    }
  }

  // IRQs: an instant when raised, on the interrupts track.
  for (const r of db.prepare('SELECT irq, raise_cycle, deliver_cycle, handler, handler_cycle, ack_cycle FROM irqs WHERE raise_cycle BETWEEN ? AND ? ORDER BY raise_cycle').iterate(from, to) as
    IterableIterator<{ irq: number; raise_cycle: number; deliver_cycle: number | null; handler: number | null; handler_cycle: number | null; ack_cycle: number | null }>) {
    emit(`{"ph":"i","s":"t","pid":${PID},"tid":0,"cat":"irq","name":"irq ${r.irq}","ts":${us(ns(r.raise_cycle))},"args":{"handler":${str(nameOf(r.handler))},"deliver_cycle":${r.deliver_cycle},"handler_cycle":${r.handler_cycle},"ack_cycle":${r.ack_cycle},"latency_cycles":${r.handler_cycle === null ? null : r.handler_cycle - r.raise_cycle}}}`);
  }

  // Budget: one counter per scheduling context.
  for (const r of db.prepare('SELECT cycle, sc, remaining, change FROM budget WHERE cycle BETWEEN ? AND ? ORDER BY cycle').iterate(from, to) as IterableIterator<{ cycle: number; sc: number; remaining: number; change: string }>) {
    emit(`{"ph":"C","pid":${PID},"tid":0,"cat":"budget","name":${str(`budget ${nameOf(r.sc)}`)},"ts":${us(ns(r.cycle))},"args":{"remaining_cycles":${r.remaining}}}`);
  }

  // Flows: sender at the transfer → receiver when it next runs. Only both ends inside the window.
  const known = new Set(threads.map((t) => t.id));
  for (const r of db.prepare(`SELECT id, kind, sender, receiver, object, transfer_cycle, wake_cycle FROM ipc
      WHERE sender IS NOT NULL AND receiver IS NOT NULL AND wake_cycle IS NOT NULL AND transfer_cycle >= ? AND wake_cycle <= ? ORDER BY id`).iterate(from, to) as
    IterableIterator<{ id: number; kind: string; sender: number; receiver: number; object: number | null; transfer_cycle: number; wake_cycle: number }>) {
    if (!known.has(r.sender) || !known.has(r.receiver)) continue;
    const name = str(`${r.kind}${r.object !== null ? ` ${nameOf(r.object)}` : ''}`);
    emit(`{"ph":"s","pid":${PID},"tid":${r.sender},"cat":"ipc","name":${name},"id":${r.id},"ts":${us(ns(r.transfer_cycle))}}`);
    emit(`{"ph":"f","bp":"e","pid":${PID},"tid":${r.receiver},"cat":"ipc","name":${name},"id":${r.id},"ts":${us(ns(r.wake_cycle))}}`);
    stats.flows++;
  }
  out.write(`\n],"otherData":{"image":${str(meta.get('image_name') ?? '')},"cycles_per_us":${cpu},"from_cycle":${from},"to_cycle":${to}}}\n`);
  return stats;
}
