/**
 * The device tree bare mode generates (QEMU virt's layout for this machine) and the reset state
 * QEMU's ROM leaves: checked against the fixture's qemu-riscv-virt.dts, the node and property
 * names OpenSBI reads, and QEMU's placement rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdtBlob, fdtParse, type FdtNode } from '../../emulator/fdt.js';
import { dtbAddress, isaString, machineDeviceTree } from '../../emulator/firmware-boot.js';
import { Machine } from '../../emulator/machine.js';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { OutputWatch } from '../../emulator/output-watch.js';

const FIXTURE = join(__dirname, '../fixtures/sel4test-mcs');
const MiB = 1024 * 1024;

/** Paths of every node in a DTS text (e.g. "/soc/serial@10000000"). */
function dtsPaths(dts: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of dts.split('\n')) {
    const open = /^\s*([^\s=]+) \{$/.exec(line);
    if (open !== null) { stack.push(open[1] === '/' ? '' : open[1]!); out.add(stack.join('/') || '/'); continue; }
    if (/^\s*\};$/.test(line)) stack.pop();
  }
  return out;
}

function paths(n: FdtNode, prefix = ''): string[] {
  const here = n.name === '' ? '/' : `${prefix}/${n.name}`;
  return [here, ...n.children.flatMap((c) => paths(c, here === '/' ? '' : here))];
}

function find(root: FdtNode, path: string): FdtNode {
  let n = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    const c = n.children.find((k) => k.name === part);
    if (c === undefined) throw new Error(`no node ${path}`);
    n = c;
  }
  return n;
}

const prop = (n: FdtNode, name: string): Uint8Array => {
  const p = n.props.find(([k]) => k === name);
  if (p === undefined) throw new Error(`no property ${name} in ${n.name}`);
  return p[1] as Uint8Array;
};
const cells = (b: Uint8Array): number[] => Array.from({ length: b.length / 4 }, (_, i) => new DataView(b.buffer, b.byteOffset).getUint32(i * 4));
const str = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('generated device tree', () => {
  const m = new Machine({ ramSize: 512 * MiB });
  const tree = fdtParse(fdtBlob(machineDeviceTree(m)));

  it('has the nodes of QEMU virt that this machine implements, at the same paths', () => {
    const qemu = dtsPaths(readFileSync(join(FIXTURE, 'qemu-riscv-virt.dts'), 'utf8'));
    const ours = paths(tree);
    for (const p of ours) expect(qemu.has(p), `${p} is not in QEMU's tree`).toBe(true);
    for (const p of ['/chosen', '/poweroff', '/reboot', '/memory@80000000', '/cpus/cpu@0/interrupt-controller',
      '/soc/serial@10000000', '/soc/plic@c000000', '/soc/clint@2000000', '/soc/test@100000', '/soc/rtc@101000']) {
      expect(ours).toContain(p);
    }
  });

  it('describes memory, timebase, ISA and the devices as OpenSBI reads them', () => {
    expect(cells(prop(find(tree, '/memory@80000000'), 'reg'))).toEqual([0, 0x80000000, 0, 0x20000000]);
    expect(cells(prop(find(tree, '/cpus'), 'timebase-frequency'))).toEqual([10_000_000]);
    expect(str(prop(find(tree, '/cpus/cpu@0'), 'riscv,isa'))).toBe(`${isaString()}\0`);
    expect(isaString()).toMatch(/^rv64ima[fd]*c_zicsr_zifencei$/);
    expect(str(prop(find(tree, '/chosen'), 'stdout-path'))).toBe('/soc/serial@10000000\0');
    expect(str(prop(find(tree, '/soc/clint@2000000'), 'compatible'))).toBe('sifive,clint0\0riscv,clint0\0');
    expect(cells(prop(find(tree, '/soc/plic@c000000'), 'interrupts-extended'))).toEqual([2, 11, 2, 9]);
    expect(cells(prop(find(tree, '/poweroff'), 'value'))).toEqual([0x5555]);
    expect(cells(prop(find(tree, '/reboot'), 'value'))).toEqual([0x7777]);
  });

  it('follows --memory', () => {
    const small = fdtParse(fdtBlob(machineDeviceTree(new Machine({ ramSize: 64 * MiB }))));
    expect(cells(prop(find(small, '/memory@80000000'), 'reg'))).toEqual([0, 0x80000000, 0, 64 * MiB]);
  });
});

describe('QEMU virt reset state', () => {
  it('places the device tree like QEMU (0x9fe00000 at 512 MiB) and sets a0/a1/a2', () => {
    expect(dtbAddress(0x80000000, 512 * MiB, 1 * MiB)).toBe(0x9fe00000); // QEMU's own 1 MiB blob
    expect(dtbAddress(0x80000000, 512 * MiB, 4096)).toBe(0x9fe00000);
    expect(dtbAddress(0x80000000, 128 * MiB, 4096)).toBe(0x87e00000);
    expect(dtbAddress(0x80000000, 4096 * MiB, 4096)).toBe(0xbfe00000); // capped at 3 GiB
    const m = new Machine({ ramSize: 512 * MiB });
    m.loadBareElf(parseElf(readFileSync(join(FIXTURE, 'image.elf'))));
    expect(m.cpu.pc).toBe(0x80000000);
    expect(m.cpu.getReg(10)).toBe(0);
    expect(m.cpu.getReg(11)).toBe(0x9fe00000);
    expect(m.cpu.getReg(12)).toBe(0x1028);
    // fw_dynamic_info in the ROM: magic "OSBI", version 2, next_addr, next_mode S.
    const rom = m.devices.find((d) => d.name === 'mrom')!;
    expect([0, 8, 16, 24].map((o) => rom.read(0x28 + o, 4))).toEqual([0x4942534f, 2, 0x80000000, 1]);
    // The blob in RAM parses and is the one describing this machine.
    const off = m.bus.ramOffset(0x9fe00000);
    expect(fdtParse(m.bus.ram.subarray(off, off + 8192)).children.map((c) => c.name)).toContain('memory@80000000');
  });
});

describe('output watch', () => {
  it('matches across feeds; the pattern completed first wins', () => {
    const w = new OutputWatch('All is well', '*** FAILURES');
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(w.feed(enc('test 1 ok\nAll is'))).toBeNull();
    expect(w.feed(enc(' well in the universe'))).toBe('pass');
    const f = new OutputWatch('All is well', '*** FAILURES');
    expect(f.feed(enc('*** FAILURES DETECTED ***\nAll is well'))).toBe('fail');
    expect(() => new OutputWatch('', null)).toThrow();
  });
});
