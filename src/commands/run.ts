/** `seltrace run image.elf`: run a bare or system image untraced. */
import { performance } from 'node:perf_hooks';
import { bootImage, readImage, type BootedFile, type MachineOptions } from '../boot.js';
import { parseElf, type ElfImage } from '../../emulator/elf/elf-reader.js';
import { SymbolTable } from '../../emulator/elf/symbols.js';
import { EXIT, guestExitCode } from '../exit-codes.js';
import { ConsoleStream } from '../console-stream.js';
import type { StopReason } from '../../emulator/machine.js';
import { causeName } from '../../replay/describe.js';
import { addrHex0x } from '../../emulator/addr.js';
import { cpioElfs } from '../../emulator/sel4/cpio.js';

/** Options `run` and `record` share: the machine and when to stop on console output. */
export interface MachineRunOptions extends MachineOptions {
  /** Stop with exit 0 when the console shows this text (`--until-output`). */
  untilOutput?: string;
  /** Stop with exit 1 when the console shows this text (`--fail-output`). */
  failOutput?: string;
  /** A kernel ELF whose symbols name kernel code in the trace (`--kernel-elf`), e.g. seL4's kernel.elf. */
  kernelElf?: string;
  /** QEMU's `-bios`: none (default), default (the bundled OpenSBI) or a firmware file; the image is its payload. */
  bios?: string;
  /** System images: how the kernel completes PLIC claims (`record --plic`). */
  plic?: 'hold-until-ack' | 'claim-at-entry';
}

export interface RunOptions extends MachineRunOptions {
  maxCycles: number;
  input?: string;
  stats?: boolean;
}

/** A real seL4 system inside a bare image: its kernel (and user programs) for naming and the probe. */
export interface Sel4Parts {
  /** Where the kernel came from: the --kernel-elf file, or `cpio:kernel.elf` inside the image. */
  kernelSource: string;
  /** User programs found in the image's CPIO archives (name → ELF). */
  users: Map<string, ElfImage>;
}

/** Boot for run/record: machine options applied, output watches armed. */
export function bootForRun(file: string, opts: MachineRunOptions & { input?: string }): BootedFile & { kernelElf?: ElfImage; sel4?: Sel4Parts } {
  const booted = bootImage(file, opts.input, { ramSize: opts.ramSize, cyclesPerTick: opts.cyclesPerTick, semihosting: opts.semihosting }, { plic: opts.plic }, opts.bios);
  booted.machine.watchOutput(opts.untilOutput ?? null, opts.failOutput ?? null);
  const addSymbols = (elf: ElfImage, prefix: string): void => {
    booted.symbols.push(...SymbolTable.fromImage(elf).entries().map((s): [string, number, number] => [prefix + s.name, s.value, s.size]));
  };
  let kernel: ElfImage | undefined, kernelSource = '';
  if (opts.kernelElf !== undefined) {
    // The kernel runs at the top of the address space (canonical signed form), where the
    // firmware image has no symbols: its functions name themselves in replay, TUI and --at symbol.
    kernel = parseElf(readImage(opts.kernelElf), opts.kernelElf);
    kernelSource = opts.kernelElf;
  }
  if (booted.kind !== 'bare') return kernel === undefined ? booted : { ...booted, kernelElf: kernel };
  // seL4's elfloader carries the kernel and the user programs in a CPIO archive.
  const users = new Map<string, ElfImage>();
  for (const [name, bytes] of cpioElfs(booted.image)) {
    let elf: ElfImage;
    try { elf = parseElf(bytes, `cpio:${name}`); } catch { continue; }
    if (name === 'kernel.elf') { if (kernel === undefined) { kernel = elf; kernelSource = `cpio:${name}`; } } else users.set(name, elf);
  }
  if (kernel === undefined) return booted;
  addSymbols(kernel, '');
  // The probe reads seL4's data structures: only for a kernel that is seL4 (its symbols say so,
  // or the elfloader's archive carried it).
  if (kernelSource !== 'cpio:kernel.elf' && SymbolTable.fromImage(kernel).lookup('ksCurThread') === undefined) {
    return { ...booted, kernelElf: kernel };
  }
  // User programs share link addresses (each has its own address space): prefixed by program.
  for (const [name, elf] of users) addSymbols(elf, `${name}:`);
  return { ...booted, kernelElf: kernel, sel4: { kernelSource, users } };
}

export function runCommand(file: string, opts: RunOptions): number {
  const booted = bootForRun(file, opts);
  const m = booted.machine;
  // Stream console output as it appears (between batches), so long runs show progress.
  const console = new ConsoleStream(m);
  const t0 = performance.now();
  const stop = m.run(opts.maxCycles, () => console.poll());
  const secs = (performance.now() - t0) / 1000;
  console.flush();
  for (const e of m.hostInterfaceErrors()) process.stderr.write(`seltrace: warning: ${e}\n`);
  if (opts.stats) {
    const mips = m.cpu.instret / Math.max(secs, 1e-9) / 1e6;
    process.stderr.write(`cycles: ${m.cpu.cycle}\ninstructions: ${m.cpu.instret}\nhost time: ${secs.toFixed(3)} s\nMIPS: ${mips.toFixed(1)}\nstop: ${describeStop(stop)}\n`);
  }
  const code = stopExitCode(stop, opts.maxCycles);
  for (const h of stopHints(booted, stop)) process.stderr.write(`seltrace: ${h}\n`);
  return code;
}

/**
 * What a bare image that died in a trap storm probably needs: semihosting it called while off,
 * or firmware — an image entered at OpenSBI's payload address (RAM base + 2 MiB) without --bios
 * runs in M-mode and its SBI ecalls trap to nowhere.
 */
export function stopHints(b: BootedFile, stop: StopReason): string[] {
  if (stop.kind !== 'trap-storm' || b.kind !== 'bare') return [];
  const out: string[] = [];
  // The storm is often the echo of one exception that went to a vector that faults (mtvec = 0
  // when the guest installed no handler): name that exception, it is the user's bug.
  const e = stop.entry;
  if (e !== undefined) {
    const vec = e.vector === undefined ? '' : `the trap vector itself faults (${e.vector} = ${addrHex0x(stop.pc)}${stop.pc === 0 ? ': no trap handler installed' : ''})`;
    // (The same exception just before: the streak restarted once, after the handler's first pass.)
    const first = e.cause < 0 || (e.cause === stop.cause && e.pc === stop.pc) ? '' : `it began with ${causeName(e.cause, false)} (cause ${e.cause}) at pc ${addrHex0x(e.pc)}, tval 0x${BigInt(e.tval).toString(16)}`;
    if (first !== '' || vec !== '') out.push([first, vec].filter((t) => t !== '').join('; '));
  }
  // An access fault just past the end of RAM: a stack or .bss beyond --memory.
  const ramEnd = b.machine.bus.ramBase + b.machine.bus.ramSize;
  const ACCESS_FAULTS = [1, 5, 7];
  for (const [cause, tval] of [[stop.cause, stop.tval], ...(e !== undefined ? [[e.cause, e.tval] as const] : [])] as const) {
    const a = Number(BigInt(tval));
    if (ACCESS_FAULTS.includes(cause) && a >= ramEnd && a < ramEnd + 0x80000000) {
      out.push(`address ${addrHex0x(a)} is past the end of RAM (${addrHex0x(b.machine.bus.ramBase)}..${addrHex0x(ramEnd)}, ${b.machine.bus.ramSize / 0x100000} MiB: --memory sets the size)`);
      break;
    }
  }
  const semi = b.machine.semihostingHint();
  if (semi !== null) out.push(semi);
  const payload = b.machine.bus.ramBase + 0x200000;
  if (b.firmware === null && semi === null && parseElf(b.image).entry === payload) {
    out.push(`the image starts at 0x${payload.toString(16)}, OpenSBI's payload address, without firmware: run it behind OpenSBI with --bios default (qemu's default)`);
  }
  return out;
}

export function describeStop(s: StopReason): string {
  switch (s.kind) {
    case 'exit': return s.source === 'output'
      ? `console matched ${s.code === 0 ? '--until-output' : '--fail-output'} (exit ${s.code})`
      : `guest exit ${s.code} (${s.source})`;
    case 'cycle-limit': return 'cycle limit reached';
    case 'halt': return `halted: ${s.reason}`;
    case 'trap-storm': return `trap storm: ${trapStormText(s)}`;
  }
}

export function stopExitCode(s: StopReason, maxCycles: number): number {
  switch (s.kind) {
    case 'exit': return guestExitCode(s.code);
    case 'cycle-limit':
      process.stderr.write(`seltrace: guest did not exit within ${maxCycles} cycles (raise --max-cycles)\n`);
      return EXIT.CYCLE_LIMIT;
    case 'halt':
      process.stderr.write(`seltrace: guest halted: ${s.reason}\n`);
      return EXIT.GUEST_HALT;
    case 'trap-storm':
      process.stderr.write(`seltrace: trap storm: ${trapStormText(s)}; the guest cannot make progress\n`);
      return EXIT.TRAP_STORM;
  }
}

function trapStormText(s: Extract<StopReason, { kind: 'trap-storm' }>): string {
  return `${causeName(s.cause, false)} (cause ${s.cause}) at pc 0x${s.pc.toString(16)}, tval 0x${BigInt(s.tval).toString(16)}, taken ${s.count} times in a row with no other exception`;
}
