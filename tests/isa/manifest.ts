/** The ISA test manifest (tests/isa/manifest.json, written by tests/isa/build.sh). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface IsaTestEntry {
  /** `<source>-<env>`: src/<source>.S built for environment p or v */
  name: string;
  /** ELF path relative to tests/isa */
  elf: string;
  /** QEMU machine it is checked on: spike (HTIF tohost) or virt (finisher + NS16550A) */
  machine: 'spike' | 'virt';
  expect: { exitCode: number; uart?: string };
  desc?: string;
  /** Set when QEMU 7.2 itself deviates from the spec here: the reason; qemu-diff skips it. */
  qemuSkip?: string;
}

export const ISA_DIR = dirname(fileURLToPath(import.meta.url));

export function loadManifest(): IsaTestEntry[] {
  return JSON.parse(readFileSync(join(ISA_DIR, 'manifest.json'), 'utf8')) as IsaTestEntry[];
}

export function elfBytes(e: IsaTestEntry): Uint8Array {
  return new Uint8Array(readFileSync(join(ISA_DIR, e.elf)));
}
