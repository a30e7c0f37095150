/**
 * `seltrace pack system.system -o image.elf`: validate a Microkit system description and its PD
 * programs, and write them into one self-contained system image (emulator/kernel/image.ts).
 *
 * Checks beyond the .system parser (which cannot see the ELFs): every program image exists and is
 * a loadable RV64 executable, its segments stay clear of the PD's maps and of the stack / IPC
 * buffer, and every setvar symbol exists in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseElf, ElfError, type ElfImage } from '../../emulator/elf/elf-reader.js';
import { writeSystemImage } from '../../emulator/kernel/image.js';
import { parseSystem, resolveProgramImage, stackBottom, type PdDesc, type SourcePos } from '../../emulator/kernel/sdf/index.js';
import { ioReason, reportError, UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

export interface PackOptions {
  output: string;
}

export interface PackResult {
  image: Uint8Array;
  /** Warnings from the .system parser, already formatted `file:line:col: warning: ...`. */
  warnings: string[];
}

const PAGE = 0x1000;

/** The CLI entry: returns the process exit code, reporting any problem as one stderr line. */
export function packCommand(systemPath: string, opts: PackOptions): number {
  try {
    const { image, warnings } = packSystem(systemPath);
    for (const w of warnings) process.stderr.write(`seltrace: ${w}\n`);
    writeOutput(opts.output, image);
    return EXIT.OK;
  } catch (e) {
    return reportError(e);
  }
}

/** Pack without touching the output file system (used by tests and by build scripts). */
export function packSystem(systemPath: string): PackResult {
  const text = readText(systemPath);
  const desc = parseSystem(text, systemPath);
  const programs = desc.pds.map((pd) => loadProgram(systemPath, pd));
  const image = writeSystemImage({
    systemFileName: path.basename(systemPath),
    systemText: text,
    desc,
    programs: programs.map((p) => p.bytes),
  });
  return { image, warnings: desc.warnings.map((w) => w.message) };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${ioReason(e)}`);
  }
}


function writeOutput(file: string, bytes: Uint8Array): void {
  try {
    fs.writeFileSync(file, bytes);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${ioReason(e)}`);
  }
}

function where(systemPath: string, pos: SourcePos): string {
  return `${systemPath}:${pos.line}:${pos.col}`;
}

function loadProgram(systemPath: string, pd: PdDesc): { bytes: Uint8Array; elf: ElfImage } {
  const file = resolveProgramImage(systemPath, pd);
  const what = `${where(systemPath, pd.pos)}: protection_domain ${JSON.stringify(pd.name)}: program_image ${JSON.stringify(pd.programImage)}`;
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UserError(`${what}: cannot read ${file}: ${ioReason(e)}`);
  }
  let elf: ElfImage;
  try {
    elf = parseElf(bytes, pd.programImage);
  } catch (e) {
    if (e instanceof ElfError) throw new UserError(`${what}: ${e.problem}`);
    throw e;
  }
  checkLayout(systemPath, pd, elf, what);
  checkSetvars(systemPath, pd, elf);
  return { bytes, elf };
}

/** Segments (page-rounded, as they will be mapped) must not collide with maps, stack or IPC buffer. */
function checkLayout(systemPath: string, pd: PdDesc, elf: ElfImage, what: string): void {
  if (elf.segments.length === 0) throw new UserError(`${what}: has no PT_LOAD segment`);
  const limit = stackBottom(pd.stackSize);
  for (const seg of elf.segments) {
    if (seg.memsz === 0) continue;
    const start = Math.floor(seg.vaddr / PAGE) * PAGE;
    const end = Math.ceil((seg.vaddr + seg.memsz) / PAGE) * PAGE;
    const range = `[0x${start.toString(16)}..0x${end.toString(16)})`;
    if (end > limit) {
      throw new UserError(`${what}: segment ${range} reaches the stack (which starts at 0x${limit.toString(16)})`);
    }
    for (const m of pd.maps) {
      if (start < m.vaddr + m.size && m.vaddr < end) {
        throw new UserError(
          `${where(systemPath, m.pos)}: map of ${JSON.stringify(m.mr)} at 0x${m.vaddr.toString(16)} overlaps segment ${range} of ${pd.programImage}`,
        );
      }
    }
  }
}

/** Symbols the loader patches in every PD (emulator/kernel/loader.ts): a setvar would fight it. */
const LOADER_SYMBOLS = new Set(['microkit_name', 'microkit_passive', 'microkit_irqs', 'microkit_notifications', 'microkit_pps', 'microkit_ioports']);

/** The loader writes each setvar into a u64 symbol; Microkit refuses ELFs that lack one. */
function checkSetvars(systemPath: string, pd: PdDesc, elf: ElfImage): void {
  for (const sv of pd.setvars) {
    const at = `${where(systemPath, sv.pos)}: setvar ${JSON.stringify(sv.symbol)} of protection_domain ${JSON.stringify(pd.name)}`;
    const sym = elf.symbols.find((s) => s.name === sv.symbol && s.shndx !== 0);
    if (sym === undefined) throw new UserError(`${at}: no such symbol in ${pd.programImage}`);
    // Microkit writes 8 bytes at the symbol whatever it is; refuse what that would silently break.
    if (LOADER_SYMBOLS.has(sv.symbol)) throw new UserError(`${at}: ${sv.symbol} is the loader's own (it writes it for every PD): name a variable of your program`);
    if (sym.type === 'func') throw new UserError(`${at}: "${sv.symbol}" is a function in ${pd.programImage}: the 8-byte value would overwrite its code (declare a variable: uintptr_t ${sv.symbol};)`);
    if (sym.size > 0 && sym.size < 8) {
      throw new UserError(`${at}: "${sv.symbol}" is ${sym.size} byte${sym.size === 1 ? '' : 's'} in ${pd.programImage}; a setvar writes 8, which would overwrite what follows it (declare it uintptr_t or seL4_Word)`);
    }
    // .bss is fine (Microkit patches the zero-filled part too); it just has to be loaded memory.
    if (!elf.segments.some((s) => sym.value >= s.vaddr && sym.value + 8 <= s.vaddr + s.memsz)) {
      throw new UserError(`${at}: symbol at 0x${sym.value.toString(16)} in ${pd.programImage} is not 8 bytes of loaded memory`);
    }
  }
}
