/**
 * The files a seL4 image carries in its newc CPIO archives: seL4's elfloader embeds one
 * (`kernel.elf`, `kernel.dtb`, the root task as `rootserver`), and a root task may embed its own
 * (sel4test's driver carries `sel4test-tests`). Found by scanning the image bytes for newc
 * headers ("070701" + 13 hex fields), so nothing about the firmware wrapping it (OpenSBI
 * fw_payload, U-Boot, a bare elfloader) needs to be known. Archives nested inside a member are
 * found too. Members are views into the image (no copy).
 */
import { hasElfMagic } from '../elf/elf-reader.js';

export interface CpioMember {
  name: string;
  /** Offset of the member's header in the scanned bytes. */
  offset: number;
  data: Uint8Array;
}

const MAGIC = [0x30, 0x37, 0x30, 0x37, 0x30, 0x31]; // "070701"
const HEADER = 110;
const TRAILER = 'TRAILER!!!';

/** Hex field `i` (0-based, after the magic) of a newc header at `at`, or -1 if not 8 hex digits. */
function field(b: Uint8Array, at: number, i: number): number {
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const c = b[at + 6 + i * 8 + k]!;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The member whose newc header starts at `at`, or null if the bytes there are not one. */
function memberAt(b: Uint8Array, at: number): CpioMember | null {
  if (at + HEADER > b.length) return null;
  for (let k = 0; k < 6; k++) if (b[at + k] !== MAGIC[k]) return null;
  const fileSize = field(b, at, 6), nameSize = field(b, at, 11);
  if (fileSize < 0 || nameSize < 1 || nameSize > 4096) return null;
  for (let i = 0; i < 13; i++) if (field(b, at, i) < 0) return null;
  const nameEnd = at + HEADER + nameSize - 1;
  if (nameEnd >= b.length || b[nameEnd] !== 0) return null;
  let name = '';
  for (let p = at + HEADER; p < nameEnd; p++) {
    const c = b[p]!;
    if (c < 0x20 || c > 0x7e) return null;
    name += String.fromCharCode(c);
  }
  const dataAt = (at + HEADER + nameSize + 3) & ~3;
  if (dataAt + fileSize > b.length) return null;
  return { name, offset: at, data: b.subarray(dataAt, dataAt + fileSize) };
}

/** Every member of every newc archive in `bytes` (nested archives included), in file order. */
export function cpioMembers(bytes: Uint8Array): CpioMember[] {
  const out: CpioMember[] = [];
  let at = bytes.indexOf(MAGIC[0]!);
  while (at >= 0 && at + HEADER <= bytes.length) {
    const m = memberAt(bytes, at);
    if (m !== null && m.name !== TRAILER && m.name !== '' && m.name !== '.') out.push(m);
    // Members are scanned through, not skipped: an archive nested in one is found the same way.
    at = bytes.indexOf(MAGIC[0]!, at + 1);
  }
  return out;
}

/** The ELF members (name → bytes), first occurrence of each name. */
export function cpioElfs(bytes: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const m of cpioMembers(bytes)) {
    const d = m.data;
    if (d.length >= 64 && hasElfMagic(d) && !out.has(m.name)) out.set(m.name, d);
  }
  return out;
}
