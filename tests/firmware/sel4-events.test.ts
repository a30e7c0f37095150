/**
 * Semantic events from the real seL4 kernel (emulator/sel4-probe.ts) on a recording of the
 * sel4test boot through its first multi-threaded test (BIND0001, ≈ 342M cycles): syscalls,
 * capability invocations decoded from the kernel's CSpace, IPC and notification signals between
 * the test's threads, context switches with the thread names sel4test gives them, and kernel /
 * user code named from kernel.elf and the ELFs in the image's CPIO archive.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpioElfs, cpioMembers } from '../../emulator/sel4/cpio.js';
import { decodeCap, CAP } from '../../emulator/sel4/layout.js';
import { bootImageBytes } from '../../emulator/boot.js';
import { Sel4Probe } from '../../emulator/sel4-probe.js';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { SymbolTable } from '../../emulator/elf/symbols.js';
import { sv39Walk, Access } from '../../emulator/cpu/sv39.js';
import { R64 } from '../../emulator/cpu/csr-file.js';
import type { ScheduleEvent } from '../../emulator/observer.js';

const F = join(__dirname, '../fixtures/sel4test-mcs');
const CLI = 'dist/src/cli.js';
const dir = mkdtempSync(join(tmpdir(), 'seltrace-sel4ev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
  try {
    const r = await promisify(execFile)('node', [CLI, ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { status: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
};
const sql = async <T>(q: string): Promise<T[]> => {
  const r = await run(['sql', `${base}.strace`, q, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T[];
};

interface Ev {
  id: number; kind: string; cycle: number; name?: string; num?: number; pc?: number; to?: number | null; from?: number | null;
  reason?: string; thread?: number; type?: string; op?: string; error?: number; srcObject?: number | null;
  transfer?: string; sender?: number; receiver?: number; endpoint?: number | null; badge?: string; woke?: number | null;
  notification?: number; state?: string; object?: number | null;
}

const base = join(dir, 'boot');
let events: Ev[] = [];
const names = new Map<number, string>();
const types = new Map<number, string>();

describe('events from the real seL4 kernel', () => {
  beforeAll(async () => {
    const rec = await run(['record', join(F, 'image.elf'), '--memory', '512M', '--max-cycles', '342M',
      '--kernel-elf', join(F, 'kernel.elf'), '-o', base, '-q']);
    expect(rec.status, rec.stderr).toBe(0);
    const ev = await run(['events', `${base}.strace`, '--kind', 'syscall,capop,schedule,object,ipc,signal,thread_state,fault,irq', '--json']);
    expect(ev.status, ev.stderr).toBe(0);
    events = JSON.parse(ev.stdout) as Ev[];
    for (const o of events) if (o.kind === 'object') { names.set(o.id!, o.name!); types.set(o.id!, o.type!); }
  }, 900_000);

  it('the CPIO archive of the image holds the kernel, the root task and (nested) the tests', () => {
    const img = new Uint8Array(readFileSync(join(F, 'image.elf')));
    expect(cpioMembers(img).map((m) => m.name)).toEqual(['kernel.elf', 'kernel.dtb', 'rootserver', 'sel4test-tests']);
    const elfs = cpioElfs(img);
    expect([...elfs.keys()]).toEqual(['kernel.elf', 'rootserver', 'sel4test-tests']);
    // The archived kernel is kernel.elf without its symbol table: the same code.
    const k = elfs.get('kernel.elf')!;
    expect(k.length).toBe(137920);
  });

  it('the thread the probe switches to is the kernel\'s ksCurThread (read through kernel.elf\'s symbol)', () => {
    const b = bootImageBytes(new Uint8Array(readFileSync(join(F, 'image.elf'))), 'image.elf', { ramSize: 512 * 1024 * 1024 });
    const m = b.machine;
    const ksCurThread = SymbolTable.fromImage(parseElf(readFileSync(join(F, 'kernel.elf')), 'kernel.elf')).lookup('ksCurThread')!;
    const kernelIdle = SymbolTable.fromImage(parseElf(readFileSync(join(F, 'kernel.elf')), 'kernel.elf')).lookup('ksIdleThread');
    expect(kernelIdle).toBeDefined();
    const read64 = (va: number): bigint => {
      const r = m.cpu.csr.r64;
      const ppn = (r[R64.SATP * 2 + 1]! & 0xfff) * 2 ** 32 + (r[R64.SATP * 2]! >>> 0);
      const off = m.bus.ramOffset(sv39Walk(m.bus, va, Access.LOAD, ppn, 1, true, false, false));
      return new DataView(m.bus.ram.buffer, m.bus.ram.byteOffset + off, 8).getBigUint64(0, true);
    };
    const seen: [ScheduleEvent, bigint, bigint][] = [];
    new Sel4Probe(m).attachObserver({
      onSchedule: (e) => {
        const r = m.cpu.csr.r64;
        seen.push([e, read64(ksCurThread), (BigInt(r[R64.SSCRATCH * 2 + 1]! >>> 0) << 32n) | BigInt(r[R64.SSCRATCH * 2]! >>> 0)]);
      },
    });
    m.run(48_000_000); // the kernel drops to user space at ≈ 47.4M cycles
    expect(seen.length).toBe(1);
    const [e, cur, scratch] = seen[0]!;
    expect(e.reason).toBe('boot');
    // The root task's TCB, as the kernel prints it: T0xffffffc09ffca400 "sel4test-driver".
    expect(cur.toString(16)).toBe('ffffffc09ffca400');
    expect(scratch).toBe(cur);
  });

  it('cap words decode by the seL4 16.0.0 riscv64 layouts', () => {
    // The root task's CTable cap, as the kernel left it in its TCB (read from a live boot).
    const cn = decodeCap(0x566680204ffc0000n, 0n);
    expect([cn.type, cn.radix, cn.guardSize, cn.ptr]).toEqual([CAP.CNode, 13, 51, -(2 ** 38) + 0x9ff80000]);
    const ep = decodeCap((BigInt(CAP.Endpoint) << 59n) | (0xffffffc080229150n & ((1n << 39n) - 1n)), 2n);
    expect([ep.type, ep.ptr, ep.badge]).toEqual([CAP.Endpoint, -(2 ** 38) + 0x80229150, '2']);
  });

  it('syscalls and thread names match what sel4test prints', () => {
    const objects = events.filter((e) => e.kind === 'object' && e.type === 'TCB');
    // The kernel names the initial thread "rootserver"; the driver renames itself (the kernel
    // prints it so: `T0xffffffc09ffca400 "sel4test-driver"`); BIND0001's process and helpers.
    expect(objects.slice(0, 2).map((o) => [o.id, o.name])).toEqual([[1, 'rootserver'], [1, 'sel4test-driver']]);
    const tnames = new Set(objects.map((o) => o.name));
    expect(tnames).toContain('BIND0001');
    expect([...tnames].some((n) => n!.startsWith('child of: '))).toBe(true);
    const sys = events.filter((e) => e.kind === 'syscall');
    expect(sys[0]!.name).toBe('DebugNameThread');
    expect(sys[0]!.num).toBe(-17);
    const kinds = new Set(sys.map((s) => s.name));
    for (const k of ['Call', 'Send', 'Recv', 'Wait', 'Yield', 'DebugPutChar']) expect(kinds, k).toContain(k);
  });

  it('capability invocations: thousands, decoded by label, on caps of the right type', () => {
    const ops = events.filter((e) => e.kind === 'capop');
    expect(ops.length).toBeGreaterThan(1000);
    const by = new Map<string, number>();
    for (const o of ops) by.set(o.op!, (by.get(o.op!) ?? 0) + 1);
    for (const op of ['retype', 'copy', 'mint', 'move', 'delete', 'page-map', 'tcb-set-space', 'tcb-resume', 'sched-control-configure']) expect(by.get(op) ?? 0, op).toBeGreaterThan(0);
    const want: Record<string, string> = { retype: 'Untyped', 'page-map': 'Frame', 'tcb-set-space': 'TCB', 'tcb-resume': 'TCB', 'sched-control-configure': 'SchedControl' };
    for (const o of ops) {
      const t = want[o.op!];
      if (t !== undefined && o.error === 0) expect(types.get(o.srcObject!), `${o.op} #${o.id}`).toBe(t);
    }
    // CNode copies: into the invoked CNode, from a source cap resolved through the extra cap.
    const copies = ops.filter((o) => o.op === 'copy' && o.error === 0) as (Ev & { destCnode: number })[];
    for (const c of copies) expect(types.get(c.destCnode)).toBe('CNode');
    expect(copies.filter((c) => c.srcObject !== null && types.get(c.srcObject!) !== undefined).length).toBeGreaterThan(copies.length / 2);
    // SYSCALL0001 invokes a CNode with labels CNodes do not take: the kernel answers
    // "CNodeCap: Illegal Operation attempted." and the reply carries seL4_IllegalOperation (3).
    expect(ops.some((o) => types.get(o.srcObject!) === 'CNode' && o.error === 3)).toBe(true);
  });

  it('IPC and signals between the BIND0001 threads, with who they woke', () => {
    const ipc = events.filter((e) => e.kind === 'ipc');
    const sig = events.filter((e) => e.kind === 'signal');
    expect(ipc.length).toBeGreaterThan(5);
    expect(sig.length).toBeGreaterThan(5);
    for (const m of ipc) {
      expect(names.get(m.sender!), `ipc #${m.id}`).toBeDefined();
      expect(names.get(m.receiver!)).toBeDefined();
      if (m.endpoint !== null) expect(types.get(m.endpoint!)).toBe('Endpoint');
    }
    // A helper sends to the test's main thread waiting in Recv: the next switch goes to it.
    const helper = ipc.find((m) => names.get(m.sender!)!.startsWith('child of: ') && m.transfer === 'send')!;
    expect(helper).toBeDefined();
    const next = events.find((e) => e.kind === 'schedule' && e.cycle >= helper.cycle)!;
    expect(next.to).toBe(helper.receiver);
    // Signals to a notification bound to the main thread (blocked in Recv) wake it.
    const bound = sig.filter((s) => s.woke !== null);
    expect(bound.length).toBeGreaterThan(0);
    for (const s of bound) expect(types.get(s.notification!)).toBe('Notification');
    // Blocking shows in thread states: the main thread waits on an endpoint between messages.
    expect(events.some((e) => e.kind === 'thread_state' && e.state === 'blocked-recv' && types.get(e.object!) === 'Endpoint')).toBe(true);
  });

  it('the index: syscalls that blocked, IPC rows with both ends and wake-up times', async () => {
    const blocked = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM syscalls WHERE blocked = 1 AND returned = 1");
    expect(blocked[0]!.n).toBeGreaterThan(0);
    const rows = await sql<{ kind: string; wake: number | null }>("SELECT kind, wake_cycle - transfer_cycle AS wake FROM ipc WHERE receiver IS NOT NULL");
    expect(rows.some((r) => r.kind === 'send' && r.wake !== null && r.wake >= 0)).toBe(true);
    expect(rows.some((r) => r.kind === 'signal')).toBe(true);
  });

  it('kernel code is named from kernel.elf, test code from the CPIO tests ELF', async () => {
    const at = await run(['replay', `${base}.strace`, '--at', 'symbol', 'init_kernel', '--print']);
    expect(at.status, at.stderr).toBe(0);
    expect(at.stdout).toMatch(/pc 0xffffffff802[0-9a-f]{5} <init_kernel>/);
    const helper = events.find((e) => e.kind === 'syscall' && names.get(e.thread!)?.startsWith('child of: '))!;
    const r = await run(['replay', `${base}.strace`, '--at', `event ${helper.id}`, '--print']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<sel4test-tests:[A-Za-z_]/);
  });
});
