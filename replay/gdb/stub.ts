/**
 * The command state machine of the gdb stub: one packet in, zero or more packets out. No I/O
 * (serve.ts frames and transports); no machine access (target.ts). Bad packets get the
 * protocol's empty reply (unknown) or an `E` reply (malformed), never an exception.
 */
import type { RecordingTarget, Position } from './target.js';
import { Searcher, type StopReason, type StopSet, type Watch } from './search.js';
import { targetXml } from './target-xml.js';
import { runMonitor, type MonitorSettings } from './monitor.js';
import { addrHex, bytesHex, fromHex, numRegHex, parseAddr, parseHexInt, regHex, toHex } from './protocol.js';

/** PacketSize we announce (hex in qSupported): the longest packet we accept. */
export const PACKET_SIZE = 0x4000;
const READ_ONLY = 'E.the recording is read-only';
const E_MALFORMED = 'E01';
const E_UNREADABLE = 'E14';
const E_NO_THREAD = 'E16';

/** What the connection should do after sending the replies. */
export type After = 'continue' | 'no-ack' | 'close';

export interface Reply { packets: string[]; after: After; }

export class GdbStub {
  private readonly searcher: Searcher;
  private readonly breakpoints = new Set<number>();
  private watches: Watch[] = [];
  /** Every watch inserted in this session (readMem's fallback for the watched bytes). */
  private readonly watched: Watch[] = [];
  /** Thread for register/memory access (Hg) and for stepping (Hc, 0 = any). */
  private gThread: number;
  private cThread = 0;
  private interrupted = false;
  private xmlCache: string | null = null;
  private readonly settings: MonitorSettings = { breakPd: null };

  /** `searcher` may be shared between successive connections (it caches block summaries). */
  constructor(private readonly t: RecordingTarget, searcher?: Searcher) {
    this.searcher = searcher ?? new Searcher(t);
    this.gThread = t.currentThread();
  }

  /** Ctrl-C from gdb: stops a continue in progress at its next window. */
  interrupt(): void { this.interrupted = true; }

  private ok(p: string): Reply { return { packets: [p], after: 'continue' }; }

  async handle(data: string): Promise<Reply> {
    try {
      return await this.dispatch(data);
    } catch (e) {
      // A bug must not take the session down: report it and answer with an error.
      process.stderr.write(`seltrace gdb: error handling '${data.slice(0, 40)}': ${(e as Error).message}\n`);
      return this.ok('E7f');
    }
  }

  private async dispatch(d: string): Promise<Reply> {
    const c = d[0];
    switch (c) {
      case '?': return this.ok(this.stopReply({ kind: 'none' }));
      case 'g': return this.ok(d === 'g' ? this.readAll() : E_MALFORMED);
      case 'G': case 'P': case 'M': case 'X': return this.ok(READ_ONLY);
      case 'p': return this.ok(this.readOne(d.slice(1)));
      case 'm': return this.ok(this.readMem(d.slice(1)));
      case 'H': return this.ok(this.setThread(d.slice(1)));
      case 'T': { const id = this.threadId(d.slice(1)); return this.ok(id !== null && this.t.hasThread(id) ? 'OK' : E_NO_THREAD); }
      case 'Z': case 'z': return this.ok(this.point(c === 'Z', d.slice(1)));
      case 'c': return this.ok(await this.resume(1, 'continue', d.slice(1)));
      case 's': return this.ok(await this.resume(1, 'step', d.slice(1)));
      case 'b':
        if (d === 'bc') return this.ok(await this.resume(-1, 'continue', ''));
        if (d === 'bs') return this.ok(await this.resume(-1, 'step', ''));
        return this.ok('');
      case 'D': return { packets: ['OK'], after: 'close' };
      case 'k': return { packets: [], after: 'close' };
      case 'q': return this.query(d);
      case 'Q':
        if (d === 'QStartNoAckMode') return { packets: ['OK'], after: 'no-ack' };
        return this.ok('');
      case 'v': return await this.verbose(d);
      default: return this.ok('');
    }
  }

  // ------------------------------------------------------------------ queries
  private query(d: string): Reply {
    if (d.startsWith('qSupported')) {
      return this.ok(`PacketSize=${PACKET_SIZE.toString(16)};QStartNoAckMode+;qXfer:features:read+;qXfer:threads:read+;` +
        'ReverseStep+;ReverseContinue+;swbreak+;hwbreak+;vContSupported+');
    }
    if (d === 'qAttached' || d.startsWith('qAttached:')) return this.ok('1');
    if (d === 'qC') return this.ok(`QC${this.t.currentThread().toString(16)}`);
    if (d === 'qfThreadInfo') return this.ok('m' + this.t.threads().map((x) => x.id.toString(16)).join(','));
    if (d === 'qsThreadInfo') return this.ok('l');
    if (d.startsWith('qThreadExtraInfo,')) {
      const id = this.threadId(d.slice('qThreadExtraInfo,'.length));
      const th = id === null ? undefined : this.t.threads().find((x) => x.id === id);
      return this.ok(th === undefined ? E_NO_THREAD : toHex(`${th.name}, ${id === this.t.currentThread() && !this.t.idle() ? 'on the hart' : th.state}`));
    }
    if (d.startsWith('qXfer:features:read:')) return this.ok(this.xfer(d.slice('qXfer:features:read:'.length), (annex) => annex === 'target.xml' ? this.xml() : null));
    if (d.startsWith('qXfer:threads:read:')) return this.ok(this.xfer(d.slice('qXfer:threads:read:'.length), (annex) => annex === '' ? this.threadsXml() : null));
    if (d.startsWith('qRcmd,')) {
      const cmd = fromHex(d.slice('qRcmd,'.length));
      if (cmd === null) return this.ok(E_MALFORMED);
      const out = runMonitor(this.t, cmd, this.settings);
      return { packets: [...(out === '' ? [] : ['O' + toHex(out)]), 'OK'], after: 'continue' };
    }
    if (d === 'qSymbol::') return this.ok('OK');
    return this.ok('');
  }

  /** qXfer read: `annex:offset,length` → `m`/`l` + the slice. */
  private xfer(rest: string, doc: (annex: string) => string | null): string {
    const m = /^([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(rest);
    if (m === null) return E_MALFORMED;
    const text = doc(m[1]);
    if (text === null) return 'E00';
    const off = parseInt(m[2], 16), len = parseInt(m[3], 16);
    const part = text.slice(off, off + len);
    return (off + len >= text.length ? 'l' : 'm') + part;
  }

  private xml(): string {
    this.xmlCache ??= targetXml(this.t.csrs(), this.t.fpu() !== null);
    return this.xmlCache;
  }

  private threadsXml(): string {
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    return '<?xml version="1.0"?>\n<threads>\n' +
      this.t.threads().map((x) => `<thread id="${x.id.toString(16)}" name="${esc(x.name)}">${esc(x.state)}</thread>\n`).join('') + '</threads>\n';
  }

  private async verbose(d: string): Promise<Reply> {
    if (d === 'vCont?') return this.ok('vCont;c;C;s;S');
    if (d === 'vMustReplyEmpty') return this.ok('');
    if (d.startsWith('vKill')) return { packets: ['OK'], after: 'close' };
    if (d.startsWith('vCont;')) {
      // One hart: the first action decides. A step names the thread to step; others follow.
      const actions = d.slice(6).split(';');
      for (const a of actions) {
        const m = /^([cCsS])(?:[0-9a-fA-F]{2})?(?::(-?[0-9a-fA-F]+))?$/.exec(a);
        if (m === null) return this.ok(E_MALFORMED);
      }
      const step = actions.find((a) => a[0] === 's' || a[0] === 'S');
      if (step !== undefined) {
        const id = step.includes(':') ? this.threadId(step.split(':')[1]) : null;
        return this.ok(await this.resume(1, 'step', '', id ?? undefined));
      }
      return this.ok(await this.resume(1, 'continue', ''));
    }
    return this.ok('');
  }

  // ------------------------------------------------------------------ threads
  private threadId(s: string): number | null {
    if (s === '-1' || s === '0') return 0;
    const p = s.startsWith('p') ? s.slice(1).split('.')[1] ?? '' : s; // p<pid>.<tid> form
    return parseHexInt(p);
  }

  private setThread(s: string): string {
    const kind = s[0];
    const id = this.threadId(s.slice(1));
    if ((kind !== 'g' && kind !== 'c') || id === null) return E_MALFORMED;
    if (id !== 0 && !this.t.hasThread(id)) return E_NO_THREAD;
    if (kind === 'g') this.gThread = id === 0 ? this.t.currentThread() : id;
    else this.cThread = id;
    return 'OK';
  }

  // ------------------------------------------------------------------ state
  private readAll(): string {
    const g = this.t.gprs(this.gThread) ?? this.t.gprs(this.t.currentThread());
    if (g === null) return E_NO_THREAD;
    let s = '';
    for (let i = 0; i < 32; i++) s += regHex(g.x[2 * i], g.x[2 * i + 1]);
    return s + numRegHex(g.pc);
  }

  private readOne(arg: string): string {
    const n = parseHexInt(arg);
    if (n === null) return E_MALFORMED;
    const v = this.t.register(this.gThread, n);
    return v === null ? 'E00' : v === 'unavailable' ? 'x'.repeat(16) : regHex(v[0], v[1]);
  }

  private readMem(arg: string): string {
    const m = /^([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(arg);
    if (m === null) return E_MALFORMED;
    const addr = parseAddr(m[1]), len = parseHexInt(m[2]);
    if (addr === null || len === null) return E_MALFORMED;
    const n = Math.min(len, PACKET_SIZE / 2 - 8);
    if (n === 0) return '';
    const b = this.t.readMemory(this.gThread, addr, n);
    if (b.length < n) {
      // A watchpoint's bytes, read by gdb in the thread that stopped it: PDs map a shared region
      // at different addresses, so the writer may not map the watched address at all. Serve
      // the watched physical bytes (else gdb sees "<unreadable>", takes it for unchanged and
      // never stops at later writes). gdb removes watchpoints while it steps over the access
      // and reads the new value then: remembered beyond their removal.
      const w = this.watched.find((x) => addr >= x.addr && addr + n <= x.addr + x.len);
      if (w !== undefined) {
        const p = this.t.readPhysical(w.pa + (addr - w.addr), n);
        if (p.length === n) return bytesHex(p);
      }
    }
    return b.length === 0 ? E_UNREADABLE : bytesHex(b);
  }

  // ------------------------------------------------------------------ break/watchpoints
  private point(insert: boolean, arg: string): string {
    const m = /^([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)(?:;.*)?$/.exec(arg);
    if (m === null) return E_MALFORMED;
    const type = Number(m[1]);
    const addr = parseAddr(m[2]), len = parseHexInt(m[3]);
    if (addr === null || len === null) return E_MALFORMED;
    if (type <= 1) {
      if (insert) this.breakpoints.add(addr); else this.breakpoints.delete(addr);
      return 'OK';
    }
    if (len === 0) return E_MALFORMED;
    const kind = type === 2 ? 'write' : type === 3 ? 'read' : 'access';
    const same = (w: Watch): boolean => w.kind === kind && w.addr === addr && w.len === len;
    if (insert) {
      // Watch the bytes the selected thread sees there (PDs map the same address to different frames).
      let pa = this.t.physical(this.gThread, addr);
      // gdb re-inserts watchpoints at every resume, with whichever thread it last selected: one
      // that does not map the address (the PD that wrote a shared region elsewhere) keeps the
      // bytes the watch was first set on.
      if (pa < 0) pa = this.watched.find((x) => x.addr === addr && x.len === len)?.pa ?? -1;
      const w: Watch = { kind, addr, len, pa: pa >= 0 ? pa : addr };
      if (!this.watches.some(same)) this.watches.push(w);
      if (pa >= 0 && !this.watched.some((x) => x.addr === addr && x.len === len && x.pa === pa)) this.watched.unshift(w);
    }
    else this.watches = this.watches.filter((w) => !same(w));
    return 'OK';
  }

  // ------------------------------------------------------------------ execution
  /**
   * Step or continue in a direction. `c addr`/`s addr` (resume elsewhere) would change the
   * recording: refused. A step of a thread that is not on the hart runs until it has executed one
   * instruction (forward) or goes back to its last instruction (backward).
   */
  private async resume(dir: 1 | -1, how: 'continue' | 'step', addrArg: string, stepThread?: number): Promise<string> {
    if (addrArg !== '') return READ_ONLY;
    this.interrupted = false;
    const t = this.t;
    let reason: StopReason | { kind: 'none' };
    if (how === 'step') {
      const want = stepThread !== undefined && stepThread !== 0 ? stepThread : this.cThread !== 0 ? this.cThread : t.currentThread();
      reason = dir > 0 ? this.stepForward(want) : this.stepBackward(want);
    } else {
      const stops: StopSet = { breakpoints: this.breakpoints, watches: this.watches, pd: this.settings.breakPd };
      reason = await this.searcher.continue(dir, stops, () => this.interrupted);
    }
    this.interrupted = false;
    this.gThread = t.currentThread();
    return this.stopReply(reason);
  }

  /** `thread` is the one executing on the hart. */
  private onHart(thread: number): boolean { return !this.t.idle() && this.t.currentThread() === thread; }

  /** Forward through schedule events to where `thread` is next on the hart; false at the end. */
  private untilOnHart(thread: number): boolean {
    const t = this.t;
    for (let i = 0; i < 100_000 && !this.onHart(thread); i++) {
      const e = t.nextEvent(['schedule']);
      if (e === undefined) { t.seekCycle(t.endCycle); return false; }
      t.gotoEvent(e);
    }
    return this.onHart(thread);
  }

  /**
   * One instruction of `thread`, as gdb steps a thread: one that is off the hart runs until it is
   * back, then executes one; one whose instruction takes it off the hart (a blocking syscall, a
   * preemption) stops where it is back on, so the step does not land in another thread.
   */
  private stepForward(thread: number): StopReason | { kind: 'none' } {
    const t = this.t;
    if (!t.system || !t.hasThread(thread)) return t.stepForward() ? { kind: 'none' } : { kind: 'end' };
    if (!this.onHart(thread) && !this.untilOnHart(thread)) return { kind: 'end' };
    if (!t.stepForward()) return { kind: 'end' };
    if (!this.onHart(thread) && !this.untilOnHart(thread)) return { kind: 'end' };
    return { kind: 'none' };
  }

  /** Back to the last instruction `thread` executed before here (it may be off the hart now, or have just come back on). */
  private stepBackward(thread: number): StopReason | { kind: 'none' } {
    const t = this.t;
    if (!t.system || !t.hasThread(thread)) return t.stepBackward() ? { kind: 'none' } : { kind: 'begin' };
    if (this.onHart(thread)) {
      if (!t.stepBackward()) return { kind: 'begin' };
      if (this.onHart(thread)) return { kind: 'none' };
      // The instruction before was another thread's (it has just come back on): go on back.
    }
    // Back to the last instruction the thread executed: just before a schedule event that took
    // it off. Each try ends at the instruction before a switch, so the next search starts there.
    const start = t.position();
    for (let i = 0; i < 100_000; i++) {
      const e = t.prevEvent(['schedule']);
      if (e === undefined) { t.goto(start); return { kind: 'begin' }; }
      t.gotoEvent(e);
      if (!t.stepBackward()) { t.goto(start); return { kind: 'begin' }; }
      if (this.onHart(thread)) return { kind: 'none' };
    }
    t.goto(start);
    return { kind: 'none' };
  }

  private stopReply(r: StopReason | { kind: 'none' }): string {
    const tid = this.t.currentThread().toString(16);
    switch (r.kind) {
      case 'fault': {
        // gdb's signal numbers (gdb/signals.def): the seL4 fault as the signal a process would get.
        const sig = r.type === 'VMFault' ? 11 : r.type === 'UserException' ? 4 : 12; // SEGV, ILL, SYS (CapFault, UnknownSyscall, ...)
        const who = r.thread !== null && this.t.hasThread(r.thread) ? r.thread.toString(16) : tid;
        return `T${sig.toString(16).padStart(2, '0')}thread:${who};`;
      }
      case 'breakpoint': return `T05thread:${tid};swbreak:;`;
      case 'watch': return `T05thread:${tid};${r.watch.kind === 'write' ? 'watch' : r.watch.kind === 'read' ? 'rwatch' : 'awatch'}:${addrHex(r.watch.addr)};`;
      case 'end': return `T05thread:${tid};replaylog:end;`;
      case 'begin': return `T05thread:${tid};replaylog:begin;`;
      case 'interrupt': return `T02thread:${tid};`;
      case 'none': return `T05thread:${tid};`;
    }
  }

  /** Where the stub is (tests, the CLI's banner). */
  position(): Position { return this.t.position(); }
}
