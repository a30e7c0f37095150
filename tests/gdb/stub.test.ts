import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { recordElf } from '../helpers/record.js';
import { RecordingTarget } from '../../replay/gdb/target.js';
import { GdbStub } from '../../replay/gdb/stub.js';
import { serveConnection } from '../../replay/gdb/serve.js';
import { frame, PacketReader, toHex, fromHex } from '../../replay/gdb/protocol.js';

describe('gdb stub state machine', () => {
  let stream = '';
  let t: RecordingTarget;
  beforeAll(() => {
    stream = join(mkdtempSync(join(tmpdir(), 'seltrace-gdbstub-')), 'counter.strace');
    recordElf('tests/gdb/bin/counter.elf', stream, 100);
    t = RecordingTarget.open(stream);
  });
  afterAll(() => t.close());
  const ask = async (s: GdbStub, p: string): Promise<string> => (await s.handle(p)).packets.join('|');

  it('answers malformed packets with an error and unknown ones with the empty reply', async () => {
    const s = new GdbStub(t);
    for (const bad of ['m', 'mzz,4', 'm80000000', 'm80000000,zz', 'p', 'pzz', 'Z9,0,4', 'Z0,zz,4', 'Z2,80003040,0', 'z0', 'Hx1', 'Hgzz', 'vCont;x', 'vCont;c:zz', 'gx', 'qRcmd,abc', 'qXfer:features:read:target.xml:zz']) {
      expect(await ask(s, bad), bad).toMatch(/^E/);
    }
    for (const unknown of ['', '!', 'Qfoo', 'qFoo', 'vFoo', 'bx', 'A', 'R00', 'j', '\x7f']) expect(await ask(s, unknown), JSON.stringify(unknown)).toBe('');
    expect(await ask(s, 'qXfer:features:read:other.xml:0,100')).toBe('E00');
    expect(await ask(s, 'Hg7')).toBe('E16'); // no such thread
    expect(await ask(s, 'm0,4')).toBe('E14'); // unmapped
  });

  it('refuses every write: the recording is read-only', async () => {
    const s = new GdbStub(t);
    for (const w of ['G' + '00'.repeat(264), 'P20=0000008000000000', 'M80003040,8:0000000000000000', 'X80003040,0:', 'c80000000', 's80000000']) {
      expect(await ask(s, w), w).toBe('E.the recording is read-only');
    }
  });

  it('announces reverse execution and serves target.xml in pieces', async () => {
    const s = new GdbStub(t);
    const sup = await ask(s, 'qSupported:multiprocess+;swbreak+;xmlRegisters=i386');
    expect(sup).toContain('ReverseStep+');
    expect(sup).toContain('ReverseContinue+');
    expect(sup).toContain('qXfer:features:read+');
    expect(sup).toMatch(/PacketSize=[0-9a-f]+/);
    let xml = '';
    for (let off = 0; ; off += 0x100) {
      const r = await ask(s, `qXfer:features:read:target.xml:${off.toString(16)},100`);
      xml += r.slice(1);
      if (r[0] === 'l') break;
      expect(r[0]).toBe('m');
    }
    expect(xml).toContain('<architecture>riscv:rv64</architecture>');
    for (const f of ['org.gnu.gdb.riscv.cpu', 'org.gnu.gdb.riscv.csr', 'org.gnu.gdb.riscv.virtual']) expect(xml).toContain(f);
    expect(xml).toContain('<reg name="mstatus" bitsize="64" type="int" regnum="833"');
    // The machine has F and D: the fpu feature, f0-f31 at gdb's regnums 33-64.
    expect(xml).toContain('<feature name="org.gnu.gdb.riscv.fpu">');
    expect(xml).toContain('<reg name="fa0" bitsize="64" type="ieee_double" regnum="43"/>');
  });

  it('reads registers, CSRs, priv and memory at the current point', async () => {
    const s = new GdbStub(t);
    t.seekCycle(0);
    const g = await ask(s, 'g');
    expect(g).toHaveLength(33 * 16);
    expect(g.slice(32 * 16)).toBe('0000008000000000'); // pc = _start
    expect(await ask(s, 'p20')).toBe('0000008000000000');
    expect(await ask(s, `p${(65 + 0x301).toString(16)}`)).toBe('2d11140000000080'); // misa: RV64 ACDFIMSU
    expect(await ask(s, `p${(65 + 4096).toString(16)}`)).toBe('0300000000000000'); // priv M
    expect(await ask(s, 'p21')).toBe('0000000000000000'); // f0 (never written by this guest)
    expect(await ask(s, `p${(65 + 3).toString(16)}`)).toBe('0000000000000000'); // fcsr
    expect(await ask(s, `p${(65 + 0x7b0).toString(16)}`)).toBe('E00'); // dcsr: not on this machine
    expect(await ask(s, 'm80000000,4')).toBe('17310000'); // auipc sp, 0x3 (la sp, stack_top)
    expect(await ask(s, 'qfThreadInfo')).toBe('m1');
    expect(await ask(s, 'qsThreadInfo')).toBe('l');
    expect(await ask(s, 'qC')).toBe('QC1');
    expect(fromHex(await ask(s, 'qThreadExtraInfo,1'))).toBe('img.elf, on the hart');
  });

  it('continues to breakpoints and watchpoints both ways, and reports the ends', async () => {
    const s = new GdbStub(t);
    t.seekCycle(0);
    const add = t.symbolAddress('add')!;
    const total = t.symbolAddress('total')!;
    expect(await ask(s, `Z0,${add.toString(16)},2`)).toBe('OK');
    expect(await ask(s, 'c')).toBe('T05thread:1;swbreak:;');
    expect(t.pc).toBe(add);
    const first = t.position();
    expect(await ask(s, 'vCont;c')).toBe('T05thread:1;swbreak:;');
    expect(t.position().cycle).toBeGreaterThan(first.cycle);
    expect(await ask(s, 'bc')).toBe('T05thread:1;swbreak:;');
    expect(t.position()).toEqual(first);
    expect(await ask(s, 'bc')).toBe('T05thread:1;replaylog:begin;');
    expect(t.position().cycle).toBe(0);
    expect(await ask(s, `z0,${add.toString(16)},2`)).toBe('OK');
    expect(await ask(s, `Z2,${total.toString(16)},8`)).toBe('OK');
    // Forward: stop before the store (gdb steps over it itself).
    expect(await ask(s, 'c')).toBe(`T05thread:1;watch:${total.toString(16)};`);
    const val = (): bigint => Buffer.from(t.readMemory(1, total, 8)).readBigInt64LE();
    expect(val()).toBe(0n);
    expect(await ask(s, 's')).toBe('T05thread:1;');
    expect(val()).toBe(1n); // the instruction stopped at was the store
    // Run to the end, then back: the last write is `total = 1000`; stop just after it.
    await ask(s, `z2,${total.toString(16)},8`);
    expect(await ask(s, 'c')).toBe('T05thread:1;replaylog:end;');
    expect(t.atEnd()).toBe(true);
    await ask(s, `Z2,${total.toString(16)},8`);
    expect(await ask(s, 'bc')).toBe(`T05thread:1;watch:${total.toString(16)};`);
    expect(val()).toBe(1000n);
    const after = t.position();
    expect(await ask(s, 'bs')).toBe('T05thread:1;');
    expect(val()).toBe(55n); // 1+4+9+16+25
    expect(await ask(s, 's')).toBe('T05thread:1;');
    expect(t.position()).toEqual(after);
  });

  it("software single-step (gdb's RISC-V stepi: a breakpoint on the next pc, continue) lands where vCont;s does, without restoring a snapshot", async () => {
    // gdb-multiarch steps RISC-V by continuing to a temporary breakpoint on the next instruction,
    // usually in the same block: each used to go back to the block's start (a snapshot restore
    // and re-execution) and decode the whole chunk; a `next` over a 2000-pass loop took minutes.
    const s = new GdbStub(t);
    t.seekCycle(0);
    const want: string[] = [];
    for (let i = 0; i < 40; i++) { await ask(s, 'vCont;s'); want.push(await ask(s, 'p20')); }
    t.seekCycle(0);
    await ask(s, 'vCont;s');
    const tl = t.session.timeline;
    const before = tl.stats.restores;
    const got: string[] = [want[0]!];
    for (let i = 1; i < 40; i++) {
      const here = BigInt('0x' + (got[i - 1]!.match(/../g) ?? []).reverse().join(''));
      const next = BigInt('0x' + (want[i]!.match(/../g) ?? []).reverse().join(''));
      // gdb computes the next pc itself (branches included); the stub only sees the breakpoint.
      expect(await ask(s, `Z0,${next.toString(16)},2`)).toBe('OK');
      expect(await ask(s, 'vCont;c'), `step ${i} from 0x${here.toString(16)}`).toBe('T05thread:1;swbreak:;');
      expect(await ask(s, `z0,${next.toString(16)},2`)).toBe('OK');
      got.push(await ask(s, 'p20'));
    }
    expect(got).toEqual(want);
    expect(tl.stats.restores - before, 'snapshot/checkpoint restores while stepping forward').toBe(0);
  });

  it('runs monitor commands and reports their output as console packets', async () => {
    const s = new GdbStub(t);
    const r = (await s.handle('qRcmd,' + toHex('cycle 100'))).packets;
    expect(r[r.length - 1]).toBe('OK');
    expect(fromHex(r[0].slice(1))).toMatch(/^at cycle 100\ncycle 100 of \d+, instret 100/);
    expect(t.position().cycle).toBe(100);
    expect(fromHex((await s.handle('qRcmd,' + toHex('cycle banana'))).packets[0].slice(1))).toMatch(/not a cycle count/);
    expect(fromHex((await s.handle('qRcmd,' + toHex('next exit'))).packets[0].slice(1))).toMatch(/at event #\d+ exit/);
    expect(fromHex((await s.handle('qRcmd,' + toHex('next nosuchkind'))).packets[0].slice(1))).toMatch(/unknown event kind/);
    expect(fromHex((await s.handle('qRcmd,' + toHex('frobnicate'))).packets[0].slice(1))).toMatch(/unknown command/);
  });

  it('over a stream: acks, NAKs bad checksums, switches to no-ack mode, ends on disconnect', async () => {
    const input = new PassThrough(), output = new PassThrough();
    const done = serveConnection(t, input, output);
    const reader = new PacketReader();
    const got: string[] = [];
    output.on('data', (b: Buffer) => { for (const e of reader.push(b)) got.push(e.kind === 'packet' ? `$${e.data}` : e.kind); });
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
    input.write('$g#00'); // bad checksum
    input.write(frame('?'));
    await settle();
    expect(got.slice(0, 3)).toEqual(['nack', 'ack', expect.stringMatching(/^\$T05thread:1;/)]);
    input.write('-'); // gdb asks for the reply again
    await settle();
    expect(got[3]).toBe(got[2]);
    input.write(frame('QStartNoAckMode'));
    await settle();
    expect(got.slice(4)).toEqual(['ack', '$OK']);
    input.write(frame('qC'));
    input.write('$qC#00'); // ignored in no-ack mode
    await settle();
    expect(got.slice(6)).toEqual(['$QC1']);
    input.end();
    expect(await done).toBe('disconnected');
  });

  it('a detach or kill ends the connection', async () => {
    for (const [p, how] of [['D', 'detached'], ['k', 'killed']] as const) {
      const input = new PassThrough(), output = new PassThrough();
      const done = serveConnection(t, input, output);
      input.write(frame(p));
      expect(await done).toBe(how);
    }
  });
});

describe('gdb stub: Ctrl-C', () => {
  it('interrupts a long continue in either direction', async () => {
    const stream = join(mkdtempSync(join(tmpdir(), 'seltrace-gdbint-')), 'long.strace');
    recordElf('tests/gdb/bin/counter-long.elf', stream);
    const t = RecordingTarget.open(stream);
    try {
      for (const [cmd, setup] of [['c', null], ['bc', 'Z3,80003048,8']] as const) {
        const input = new PassThrough(), output = new PassThrough();
        const done = serveConnection(t, input, output);
        const reader = new PacketReader();
        const got: string[] = [];
        output.on('data', (b: Buffer) => { for (const e of reader.push(b)) if (e.kind === 'packet') got.push(e.data); });
        const wait = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
        input.write(frame('QStartNoAckMode'));
        if (cmd === 'bc') {
          // Start from the end, with a read watchpoint nothing reads: every instruction is stepped.
          input.write(frame('qRcmd,' + toHex(`cycle ${t.endCycle}`)));
          input.write(frame(setup!));
        }
        await wait();
        const before = t.position();
        input.write(frame(cmd));
        await wait();
        input.write('\x03');
        while (!got.some((p) => p.startsWith('T'))) await wait();
        expect(got.find((p) => p.startsWith('T'))).toBe('T02thread:1;');
        const p = t.position();
        if (cmd === 'c') expect(p.cycle).toBeLessThan(t.endCycle);
        else expect(p.cycle).toBeLessThan(before.cycle);
        expect(p.cycle).toBeGreaterThan(0);
        input.end();
        await done;
      }
    } finally {
      t.close();
    }
  });
});
