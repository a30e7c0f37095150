/**
 * A replay session over one trace: re-boots the recorded image, seeks by restoring the nearest
 * checkpoint and re-executing, and answers questions about any cycle. Text/JSON front ends,
 * the TUI and the gdb stub all sit on this class; it has no UI of its own.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { bootImageBytes, type BootedKernel } from '../emulator/boot.js';
import '../emulator/system-boot.js';
import { CPU_STATE_VERSION } from '../emulator/cpu/cpu-state.js';
import type { Machine } from '../emulator/machine.js';
import { readTrace, readChunk, TraceError, type HeaderChunk, type TraceContents, type EventsChunk } from '../tracer/trace-stream.js';
import { decodeBlocks } from '../tracer/block-codec.js';
import { rebuildIndex } from '../tracer/reindex.js';
import { INDEX_VERSION } from '../tracer/index-db.js';
import type { EventKind } from '../tracer/schema.js';
import { queryEvents, eventById, neighbourEvent, type EventRow, type EventFilter } from './event-queries.js';
import { Timeline, type CheckpointRef } from './timeline.js';

export type { EventRow, EventFilter } from './event-queries.js';

export class ReplaySession {
  readonly header: HeaderChunk;
  readonly machine: Machine;
  readonly kernel: BootedKernel | null;
  readonly db: Database.Database;
  readonly timeline: Timeline;
  /** Last cycle of the recording (end of a complete trace, or of the last whole chunk). */
  readonly endCycle: number;
  readonly complete: boolean;
  readonly damage: TraceContents['damage'];
  /** Cycles per second of guest time (for `time 1.2ms` specs). */
  readonly cyclesPerSecond: number;

  private readonly buf: Uint8Array;

  private constructor(readonly streamPath: string, t: TraceContents, db: Database.Database, buf: Uint8Array) {
    this.buf = buf;
    this.header = t.header;
    this.db = db;
    this.complete = t.complete;
    this.damage = t.damage;
    const cfg = t.header.config;
    const booted = bootImageBytes(t.header.image, t.header.imageName, {
      ramBase: cfg.ramBase, ramSize: cfg.ramSize, cyclesPerTick: cfg.cyclesPerTick, input: t.header.input ?? undefined,
    });
    this.machine = booted.machine;
    this.machine.batchCap = cfg.batchCap;
    this.kernel = booted.kernel;
    this.cyclesPerSecond = cfg.cyclesPerTick * 10_000_000;
    const cks = db.prepare('SELECT idx, cycle, instret, key, offset FROM checkpoints ORDER BY idx').all() as
      { idx: number; cycle: number; instret: number; key: number; offset: number }[];
    this.timeline = new Timeline(streamPath, buf, cks.map((c): CheckpointRef => ({ ...c, key: c.key === 1 })));
    let end = 0;
    for (const c of t.chunks) {
      const ch = c.chunk;
      if (ch.t === 'end') end = Math.max(end, ch.cycles);
      else if (ch.t === 'ckpt') end = Math.max(end, ch.cycle);
      else if (ch.t === 'ev') {
        end = Math.max(end, ch.cycle0);
        for (const e of ch.events) if (typeof e[1] === 'number') end = Math.max(end, e[1]);
      }
    }
    this.endCycle = end;
    this.seek(0);
  }

  /**
   * Open a trace stream. The index next to it is rebuilt if missing; an index that does not
   * belong to this stream is refused (rebuild it with `seltrace index`).
   */
  static open(streamPath: string): ReplaySession {
    const indexPath = `${streamPath}.db`;
    const t = existsSync(indexPath) ? readTrace(streamPath) : rebuildIndex(streamPath, indexPath);
    if (t.header.config.snapshotVersion !== CPU_STATE_VERSION) {
      throw new TraceError(streamPath, 0, `checkpoints use machine snapshot version ${t.header.config.snapshotVersion}, this seltrace restores version ${CPU_STATE_VERSION}; record the image again`);
    }
    const db = new Database(indexPath, { readonly: true, fileMustExist: true });
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const problem =
      meta.get('index_version') !== String(INDEX_VERSION) ? `index version ${meta.get('index_version') ?? '?'} is not ${INDEX_VERSION}`
        : meta.get('image_hash') !== t.header.imageHash ? 'index belongs to a different recording (image hash differs)'
          : meta.get('stream_size') !== String(statSync(streamPath).size) ? `index was built for a stream of ${meta.get('stream_size') ?? '?'} bytes, the stream has ${statSync(streamPath).size}`
            : null;
    if (problem !== null) {
      db.close();
      throw new TraceError(indexPath, 0, `${problem}; rebuild it with \`seltrace index ${streamPath}\``);
    }
    return new ReplaySession(streamPath, t, db, readFileSync(streamPath));
  }

  get cycle(): number { return this.machine.cpu.cycle; }
  get instret(): number { return this.machine.cpu.instret; }

  close(): void { this.db.close(); }

  // ------------------------------------------------------------------ moving through time
  /**
   * Put the machine in its recorded state at `cycle`: the first instruction boundary at or
   * after it (kernel entries take several cycles at once). Clamped to the recording.
   */
  seek(cycle: number): void {
    const target = Math.max(0, Math.min(cycle, this.endCycle));
    const m = this.machine;
    const cur = m.cpu.cycle;
    const ck = this.timeline.before(target);
    // Re-execute forward from where we are if that is closer than the checkpoint.
    if (!(cur <= target && cur >= ck.cycle && m.exitReason() === null)) this.timeline.restore(ck, m, this.kernel);
    if (m.cpu.cycle < target) m.run(target);
  }

  /** Step one instruction forward (`n` > 0) or backward (`n` < 0). */
  stepInstruction(n = 1): void {
    if (n >= 0) {
      this.seekInstretForward(this.instret + n);
      return;
    }
    this.seekInstret(Math.max(0, this.instret + n));
  }

  /** Seek to the point where exactly `instret` instructions have retired. */
  seekInstret(instret: number): void {
    // Find the checkpoint by instret, then run instruction by instruction counts.
    const cks = this.timeline.checkpoints;
    let ck = cks[0];
    for (const c of cks) if (c.instret <= instret) ck = c; else break;
    const cur = this.instret;
    if (!(cur <= instret && cur >= ck.instret && this.machine.exitReason() === null)) this.timeline.restore(ck, this.machine, this.kernel);
    this.seekInstretForward(instret);
  }

  /** Run forward (no restore) until `instret` instructions have retired or the recording ends. */
  seekInstretForward(instret: number): void {
    while (this.instret < instret && this.cycle < this.endCycle) {
      const before = this.cycle;
      this.machine.run(Math.min(this.endCycle, this.cycle + (instret - this.instret)));
      if (this.cycle === before) break;
    }
  }

  // ------------------------------------------------------------------ events
  events(f: EventFilter = {}): EventRow[] { return queryEvents(this.db, f); }

  event(id: number): EventRow | undefined { return eventById(this.db, id); }

  /** Next event (of the kinds given) strictly after the current point, or undefined. */
  nextEvent(kinds?: EventKind[], thread?: number): EventRow | undefined {
    return this.neighbour('>', kinds, thread);
  }

  /** Previous event (of the kinds given) strictly before the current point. */
  prevEvent(kinds?: EventKind[], thread?: number): EventRow | undefined {
    return this.neighbour('<', kinds, thread);
  }

  private neighbour(dir: '<' | '>', kinds?: EventKind[], thread?: number): EventRow | undefined {
    return neighbourEvent(this.db, dir, this.instret, this.cycle, kinds, thread);
  }

  /** Go to the point where an event happened (instructions retired before it, its cycle). */
  gotoEvent(e: EventRow): void {
    this.seekInstret(e.instret);
    if (this.cycle < e.cycle) this.machine.run(e.cycle);
  }

  /**
   * The instret at which a straight-line block starting at `addr` next (or previously) begins,
   * searched in the recorded block stream (no re-execution). Function entries and branch
   * targets are block starts. `fromInstret` -1 searches from the start.
   */
  findPcHit(addr: number, fromInstret: number, dir: 'next' | 'prev'): number | undefined {
    const chunks = this.db.prepare(`SELECT offset, instret0, instructions FROM chunks ORDER BY offset ${dir === 'next' ? 'ASC' : 'DESC'}`).all() as
      { offset: number; instret0: number; instructions: number }[];
    for (const ch of chunks) {
      if (dir === 'next' && ch.instret0 + ch.instructions <= fromInstret) continue;
      if (dir === 'prev' && ch.instret0 >= fromInstret) continue;
      const c = readChunk(this.streamPath, this.buf, ch.offset) as EventsChunk;
      let at = c.instret0;
      let found: number | undefined;
      decodeBlocks(c.blocks, (start, len) => {
        if (start === addr && (dir === 'next' ? at > fromInstret && found === undefined : at < fromInstret)) found = at;
        at += len;
      });
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Names of kernel objects (threads, endpoints, ...) by id, from the recorded object events. */
  objectNames(): Map<number, string> {
    if (this.names === null) {
      this.names = new Map();
      for (const r of this.db.prepare("SELECT object, name FROM events WHERE kind = 'object' ORDER BY id").all() as { object: number; name: string }[]) {
        this.names.set(r.object, r.name);
      }
    }
    return this.names;
  }
  private names: Map<number, string> | null = null;

  /**
   * Go to the first point at or after `instret` where pc = `addr`. A trap retires nothing, so a
   * handler's first instruction shares its instret with the trapping one: step through.
   */
  seekPc(instret: number, addr: number): void {
    this.seekInstret(instret);
    for (let i = 0; i < 64 && this.machine.cpu.pc !== addr && this.cycle < this.endCycle; i++) this.machine.run(this.cycle + 1);
  }

  /** Symbols from the trace header: name → address. */
  symbolAddress(name: string): number | undefined {
    const r = this.db.prepare('SELECT addr FROM symbols WHERE name = ? ORDER BY addr LIMIT 1').get(name) as { addr: number } | undefined;
    return r?.addr;
  }
}
