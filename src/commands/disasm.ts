/** `seltrace disasm image.elf`: the same text as `riscv64-unknown-elf-objdump -d -M no-aliases`. */
import { disassembleElf } from '../../emulator/disasm/objdump-format.js';
import { reportError } from '../errors.js';
import { readImage } from '../boot.js';
import { EXIT } from '../exit-codes.js';

/** No options yet; the parameter keeps the shape of the other commands for the CLI wiring. */
export type DisasmOptions = Record<string, unknown>;

/** Print the disassembly of `file`; unreadable or unsupported ELFs give one line on stderr and exit 2. */
export function disasmCommand(file: string, _opts: DisasmOptions = {}): number {
  let text: string;
  try {
    text = disassembleElf(readImage(file), file);
  } catch (e) {
    return reportError(e);
  }
  process.stdout.write(text);
  return EXIT.OK;
}
