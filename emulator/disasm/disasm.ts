/**
 * One-instruction disassembly for traces, the debugger and the TUI: the text objdump
 * (`-d -M no-aliases`, binutils 2.40) prints after the raw bytes. Stateless, so it leaves out
 * the ` # addr <sym>` comments objdump derives from earlier lui/auipc instructions; use
 * disassembleElf (objdump-format.ts) for a whole image.
 */
import { addrFromU64, addrToU64 } from '../addr.js';
import type { SymbolTable } from '../elf/symbols.js';
import { InsnPrinter, type PrintedInsn } from './insn-printer.js';

export { ABI_NAMES, FP_ABI_NAMES, InsnPrinter, type PrintedInsn } from './insn-printer.js';

/**
 * A target address as objdump writes it: `80000068 <park>` / `80000070 <main+0x2a>`, or
 * `0x80000068` when there are no symbols (objdump's form for a stripped file).
 */
export function formatTarget(addr: bigint, syms?: SymbolTable): string {
  const h = addr.toString(16);
  const list = syms?.entries() ?? [];
  if (syms === undefined || list.length === 0) return `0x${h}`;
  // symbolize() works on addresses in canonical signed form (emulator/addr.ts); anything a
  // double cannot hold lies past every symbol.
  const n = addrFromU64(addr) ?? Number.MAX_SAFE_INTEGER;
  const loc = syms.symbolize(n);
  // Below the first symbol objdump counts back from it: `<_start-0x10>`.
  const name = loc?.name ?? list[0]!.name;
  const base = addrToU64(loc === undefined ? list[0]!.value : n - loc.offset);
  const off = addr > base ? `+0x${(addr - base).toString(16)}` : addr < base ? `-0x${(base - addr).toString(16)}` : '';
  return `${h} <${name}${off}>`;
}

// One printer serves every call: without comments it carries no state from call to call.
let targetSyms: SymbolTable | undefined;
const shared = new InsnPrinter((a) => formatTarget(a, targetSyms), null, false);

/**
 * Disassemble the instruction whose low 16 (compressed) or 32 bits are `bits`, located at `pc`.
 * Branch and jump targets are absolute, with `<sym+0xoff>` when `syms` is given.
 */
export function disasmInsn(bits: number, pc: number, syms?: SymbolTable): PrintedInsn {
  targetSyms = syms;
  return shared.print(bits, pc);
}

