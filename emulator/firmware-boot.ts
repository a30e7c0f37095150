/**
 * Booting a bare ELF the way QEMU `virt` does with `-bios none -kernel image.elf`, so real
 * firmware (OpenSBI fw_payload / fw_dynamic, a seL4 or Linux image behind it) finds what it
 * expects:
 *  - a device tree blob generated from this machine's configuration (memory, CPU and its ISA,
 *    CLINT as ACLINT mswi + mtimer at the 10 MHz timebase, PLIC, NS16550A UART, Goldfish RTC,
 *    the syscon test device with poweroff/reboot, chosen/stdout-path), placed where QEMU puts
 *    it: 2 MiB-aligned just below min(RAM end, 3 GiB);
 *  - the mask ROM at 0x1000 holding QEMU's reset vector followed by `fw_dynamic_info`
 *    (magic "OSBI", version 2, next_addr = ELF entry, next_mode = S);
 *  - the registers as the reset vector leaves them: a0 = hart id 0, a1 = DTB address,
 *    a2 = &fw_dynamic_info, t0 = start address. The hart starts at the ELF entry (QEMU's ROM
 *    jumps to the RAM base, the same address for every image linked there); the six ROM
 *    instructions themselves are not executed.
 */
import { fdtBlob, type FdtNode } from './fdt.js';
import { Mrom, MROM_BASE } from './devices/mrom.js';
import { csrRead, CsrFile } from './cpu/csr-file.js';
import { Csr } from './cpu/csr-names.js';
import { PLIC_SOURCES } from './devices/plic.js';
import type { Bus } from './bus.js';
import type { Cpu } from './cpu/cpu.js';

/** A device's place on the bus. */
interface Placed { readonly base: number; readonly size: number }

/**
 * The parts of a machine the reset sequence reads and writes (the Machine satisfies it; named
 * here so this module does not import machine.ts, which imports it).
 */
export interface Board {
  readonly bus: Bus; readonly cpu: Cpu;
  readonly uart: Placed; readonly clint: Placed; readonly plic: Placed; readonly rtc: Placed; readonly finisher: Placed;
}

/** QEMU virt's timebase: mtime ticks at 10 MHz. */
export const TIMEBASE_HZ = 10_000_000;
const UART_CLOCK_HZ = 3_686_400;
const MiB = 1024 * 1024;
const FW_DYNAMIC_INFO_MAGIC = 0x4942534f; // "OSBI"
const FW_DYNAMIC_INFO_VERSION = 2;
const NEXT_MODE_S = 1;

/** QEMU's riscv_load_fdt rule: 2 MiB-aligned, just below min(RAM end, 3 GiB) for RAM below 3 GiB. */
export function dtbAddress(ramBase: number, ramSize: number, dtbSize: number): number {
  const end = ramBase + ramSize;
  const top = ramBase < 3072 * MiB ? Math.min(end, 3072 * MiB) : end;
  return Math.floor((top - dtbSize) / (2 * MiB)) * (2 * MiB);
}

/** The `riscv,isa` string of the hart: single-letter extensions from misa, then Zicsr/Zifencei. */
export function isaString(): string {
  const out = new Int32Array(2);
  csrRead(new CsrFile(), Csr.MISA, 0, 0, 0, out);
  const letters = 'imafdqcbvh'.split('').filter((l) => (out[0] >>> (l.charCodeAt(0) - 97)) & 1).join('');
  return `rv64${letters}_zicsr_zifencei`;
}

const node = (name: string, props: FdtNode['props'], children: FdtNode[] = []): FdtNode => ({ name, props, children });
const reg64 = (base: number, size: number): number[] => [Math.floor(base / 2 ** 32), base >>> 0, Math.floor(size / 2 ** 32), size >>> 0];

/** The device tree of this machine (phandles: 1 cpu0, 2 its interrupt controller, 3 PLIC, 4 syscon). */
export function machineDeviceTree(m: Board): FdtNode {
  const uart = m.uart, clint = m.clint, plic = m.plic, rtc = m.rtc, fin = m.finisher;
  const hex = (n: number): string => n.toString(16);
  return node('', [
    ['#address-cells', [2]], ['#size-cells', [2]],
    ['compatible', 'riscv-virtio'], ['model', 'riscv-virtio,qemu'],
  ], [
    node('chosen', [['stdout-path', `/soc/serial@${hex(uart.base)}`]]),
    node('poweroff', [['value', [0x5555]], ['offset', [0]], ['regmap', [4]], ['compatible', 'syscon-poweroff']]),
    node('reboot', [['value', [0x7777]], ['offset', [0]], ['regmap', [4]], ['compatible', 'syscon-reboot']]),
    node(`memory@${hex(m.bus.ramBase)}`, [['device_type', 'memory'], ['reg', reg64(m.bus.ramBase, m.bus.ramSize)]]),
    node('cpus', [['#address-cells', [1]], ['#size-cells', [0]], ['timebase-frequency', [TIMEBASE_HZ]]], [
      node('cpu@0', [
        ['phandle', [1]], ['device_type', 'cpu'], ['reg', [0]], ['status', 'okay'], ['compatible', 'riscv'],
        ['riscv,isa', isaString()], ['mmu-type', 'riscv,sv39'],
      ], [
        node('interrupt-controller', [['#interrupt-cells', [1]], ['interrupt-controller', null], ['compatible', 'riscv,cpu-intc'], ['phandle', [2]]]),
      ]),
      node('cpu-map', [], [node('cluster0', [], [node('core0', [['cpu', [1]]])])]),
    ]),
    node('soc', [['#address-cells', [2]], ['#size-cells', [2]], ['compatible', 'simple-bus'], ['ranges', null]], [
      node(`rtc@${hex(rtc.base)}`, [['interrupts', [11]], ['interrupt-parent', [3]], ['reg', reg64(rtc.base, rtc.size)], ['compatible', 'google,goldfish-rtc']]),
      node(`serial@${hex(uart.base)}`, [
        ['interrupts', [10]], ['interrupt-parent', [3]], ['clock-frequency', [UART_CLOCK_HZ]],
        ['reg', reg64(uart.base, uart.size)], ['compatible', 'ns16550a'],
      ]),
      node(`test@${hex(fin.base)}`, [['phandle', [4]], ['reg', reg64(fin.base, fin.size)], ['compatible', ['sifive,test1', 'sifive,test0', 'syscon']]]),
      node(`plic@${hex(plic.base)}`, [
        ['phandle', [3]], ['riscv,ndev', [PLIC_SOURCES - 1]], ['reg', reg64(plic.base, 0x600000)],
        ['interrupts-extended', [2, 11, 2, 9]], ['interrupt-controller', null],
        ['compatible', ['sifive,plic-1.0.0', 'riscv,plic0']], ['#address-cells', [0]], ['#interrupt-cells', [1]],
      ]),
      node(`clint@${hex(clint.base)}`, [['interrupts-extended', [2, 3, 2, 7]], ['reg', reg64(clint.base, clint.size)], ['compatible', ['sifive,clint0', 'riscv,clint0']]]),
    ]),
  ]);
}

/** QEMU's reset vector (riscv_setup_rom_reset_vec, RV64) and fw_dynamic_info, as ROM bytes. */
export function resetRom(startAddr: number, dtbAddr: number, nextAddr: number): Uint8Array {
  const words = [
    0x00000297, // 1: auipc t0, %pcrel_hi(fw_dyn)
    0x02828613, //    addi  a2, t0, %pcrel_lo(1b)
    0xf1402573, //    csrr  a0, mhartid
    0x0202b583, //    ld    a1, 32(t0)
    0x0182b283, //    ld    t0, 24(t0)
    0x00028067, //    jr    t0
  ];
  const rom = new Uint8Array(40 + 6 * 8);
  const dv = new DataView(rom.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w, true));
  dv.setBigUint64(24, BigInt(startAddr), true);
  dv.setBigUint64(32, BigInt(dtbAddr), true);
  // struct fw_dynamic_info { magic, version, next_addr, next_mode, options, boot_hart } (unsigned long each)
  const info = [FW_DYNAMIC_INFO_MAGIC, FW_DYNAMIC_INFO_VERSION, nextAddr, NEXT_MODE_S, 0, 0];
  info.forEach((v, i) => dv.setBigUint64(40 + i * 8, BigInt(v), true));
  return rom;
}

/** Offset of fw_dynamic_info in the ROM (the reset vector's a2). */
export const FW_DYNAMIC_INFO_OFFSET = 40;

/**
 * Apply the QEMU virt reset sequence for an ELF entered at `entry` (call after the ELF's
 * segments are in RAM and the hart is reset). Returns the DTB address.
 */
export function firmwareReset(m: Board, entry: number): number {
  const dtb = fdtBlob(machineDeviceTree(m));
  const dtbAddr = dtbAddress(m.bus.ramBase, m.bus.ramSize, dtb.length);
  const off = m.bus.ramOffset(dtbAddr);
  if (off < 0 || off + dtb.length > m.bus.ramSize) throw new Error(`device tree at 0x${dtbAddr.toString(16)} lies outside RAM`);
  m.bus.writeBytes(dtbAddr, dtb);
  m.bus.markDirty(off, dtb.length);
  m.bus.attach(new Mrom(resetRom(m.bus.ramBase, dtbAddr, entry)));
  const cpu = m.cpu;
  cpu.setReg(10, 0);                                    // a0: mhartid
  cpu.setReg(11, dtbAddr);                              // a1: device tree
  cpu.setReg(12, MROM_BASE + FW_DYNAMIC_INFO_OFFSET);   // a2: fw_dynamic_info
  cpu.setReg(5, m.bus.ramBase);                         // t0: the jump target
  return dtbAddr;
}
