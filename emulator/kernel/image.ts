/**
 * The packed system image (`seltrace pack`): one RV64 ELF carrying a whole Microkit system.
 * Reader and writer live here together with the format version.
 *
 * Non-alloc sections:
 *   .seltrace.meta     JSON manifest {format, version, system, pds: [{name, section, programImage, size}]}
 *   .seltrace.system   "STSY" | u32 LE name length | original .system file name | the XML text
 *   .seltrace.pd.<i>   the i-th PD's ELF, byte for byte, in .system order
 * plus one tiny executable PT_LOAD (`wfi; j .-4` at RAM base) because an ELF executable needs a
 * loadable entry point; started in bare mode the image just idles instead of running garbage.
 */
import { ElfError, findSection, parseElf, sectionData, type ElfImage } from '../elf/elf-reader.js';
import { writeElf, type ElfExtraSection } from '../elf/elf-writer.js';
import { parseSystem, SdfError, type SystemDescription } from './sdf/index.js';

export const IMAGE_FORMAT = 'seltrace-system-image';
/** Bump when the section layout or the manifest changes meaning. */
export const IMAGE_VERSION = 1;
export const META_SECTION = '.seltrace.meta';
export const SYSTEM_SECTION = '.seltrace.system';
export function pdSectionName(index: number): string {
  return `.seltrace.pd.${index}`;
}

const SYSTEM_MAGIC = [0x53, 0x54, 0x53, 0x59]; // "STSY"
const STUB_VADDR = 0x8000_0000;
/** wfi; j .-4 */
const STUB_CODE = Uint8Array.of(0x73, 0x00, 0x50, 0x10, 0x6f, 0xf0, 0xdf, 0xff);
const PF_R = 4;
const PF_X = 1;

export interface ImageManifestPd {
  readonly name: string;
  readonly section: string;
  /** The program_image path as written in the .system file (informational). */
  readonly programImage: string;
  readonly size: number;
}

export interface ImageManifest {
  readonly format: string;
  readonly version: number;
  /** The original .system file name (base name). */
  readonly system: string;
  readonly pds: readonly ImageManifestPd[];
}

/** A damaged or foreign system image; the message is one line naming the image file. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem.replace(/[\r\n]+/g, ' ')}`);
  }
}

export interface SystemImageInput {
  /** Base name of the .system file, recorded so messages can point at it. */
  readonly systemFileName: string;
  readonly systemText: string;
  readonly desc: SystemDescription;
  /** One ELF per PD, in desc.pds order. */
  readonly programs: readonly Uint8Array[];
}

export interface SystemImage {
  readonly desc: SystemDescription;
  /** PD name → its ELF bytes (a copy, so a loader may patch it freely). */
  readonly programs: Map<string, Uint8Array>;
  readonly systemText: string;
  readonly manifest: ImageManifest;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function writeSystemImage(input: SystemImageInput): Uint8Array {
  const { desc, programs } = input;
  if (programs.length !== desc.pds.length) {
    throw new Error(`writeSystemImage: ${programs.length} programs for ${desc.pds.length} protection domains`);
  }
  const manifest: ImageManifest = {
    format: IMAGE_FORMAT,
    version: IMAGE_VERSION,
    system: input.systemFileName,
    pds: desc.pds.map((pd, i) => ({ name: pd.name, section: pdSectionName(i), programImage: pd.programImage, size: programs[i]!.length })),
  };
  const sections: ElfExtraSection[] = [
    { name: META_SECTION, data: encoder.encode(JSON.stringify(manifest)) },
    { name: SYSTEM_SECTION, data: encodeSystemSection(input.systemFileName, input.systemText) },
    ...programs.map((data, i) => ({ name: pdSectionName(i), data })),
  ];
  return writeElf({
    entry: STUB_VADDR,
    segments: [{ vaddr: STUB_VADDR, paddr: STUB_VADDR, data: STUB_CODE, memsz: STUB_CODE.length, flags: PF_R | PF_X }],
    sections,
  });
}

function encodeSystemSection(name: string, text: string): Uint8Array {
  const nameBytes = encoder.encode(name);
  const textBytes = encoder.encode(text);
  const out = new Uint8Array(8 + nameBytes.length + textBytes.length);
  out.set(SYSTEM_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, nameBytes.length, true);
  out.set(nameBytes, 8);
  out.set(textBytes, 8 + nameBytes.length);
  return out;
}

/** True for an ELF produced by `seltrace pack` (cheap: headers only). */
export function isSystemImage(bytes: Uint8Array): boolean {
  try {
    return findSection(parseElf(bytes), META_SECTION) !== undefined;
  } catch {
    return false;
  }
}

export function readSystemImage(bytes: Uint8Array, fileName: string): SystemImage {
  const fail = (problem: string): never => {
    throw new ImageError(fileName, problem);
  };
  let elf: ElfImage;
  try {
    elf = parseElf(bytes, fileName);
  } catch (e) {
    if (e instanceof ElfError) fail(`not a seltrace system image: ${e.problem}`);
    throw e;
  }
  const section = (name: string, what: string): Uint8Array => {
    const s = findSection(elf, name);
    if (s === undefined) return fail(`damaged system image: no ${name} section (${what})`);
    try {
      return sectionData(bytes, s, fileName);
    } catch (e) {
      if (e instanceof ElfError) return fail(`damaged system image: ${e.problem}`);
      throw e;
    }
  };

  if (findSection(elf, META_SECTION) === undefined) {
    fail(`not a seltrace system image (no ${META_SECTION} section); build one with 'seltrace pack SYSTEM.system -o image.elf'`);
  }
  const manifest = parseManifest(section(META_SECTION, 'the manifest'), fail);
  const { name: systemFileName, text: systemText } = decodeSystemSection(section(SYSTEM_SECTION, 'the .system text'), fail);

  let desc: SystemDescription;
  try {
    desc = parseSystem(systemText, systemFileName);
  } catch (e) {
    if (e instanceof SdfError) return fail(`damaged system image: its embedded ${e.message}`);
    throw e;
  }
  if (manifest.pds.length !== desc.pds.length) {
    fail(`damaged system image: the manifest lists ${manifest.pds.length} programs but ${systemFileName} has ${desc.pds.length} protection domains`);
  }
  const programs = new Map<string, Uint8Array>();
  desc.pds.forEach((pd, i) => {
    const entry = manifest.pds[i]!;
    if (entry.name !== pd.name) {
      fail(`damaged system image: manifest entry ${i} is ${JSON.stringify(entry.name)} but protection domain ${i} is ${JSON.stringify(pd.name)}`);
    }
    const data = section(entry.section, `the program of protection domain ${JSON.stringify(pd.name)}`);
    try {
      parseElf(data, entry.programImage);
    } catch (e) {
      if (e instanceof ElfError) fail(`damaged system image: program of protection domain ${JSON.stringify(pd.name)} (${entry.section}): ${e.message}`);
      throw e;
    }
    programs.set(pd.name, data.slice());
  });
  return { desc, programs, systemText, manifest };
}

function parseManifest(data: Uint8Array, fail: (p: string) => never): ImageManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch {
    return fail(`damaged system image: ${META_SECTION} is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null) return fail(`damaged system image: ${META_SECTION} is not a JSON object`);
  const m = raw as Record<string, unknown>;
  if (m.format !== IMAGE_FORMAT) return fail(`not a seltrace system image: ${META_SECTION} format is ${JSON.stringify(m.format)}`);
  if (m.version !== IMAGE_VERSION) {
    return fail(`unsupported system image version ${JSON.stringify(m.version)} (this seltrace reads version ${IMAGE_VERSION}); re-pack the .system file`);
  }
  if (typeof m.system !== 'string' || !Array.isArray(m.pds)) return fail(`damaged system image: ${META_SECTION} lacks "system" or "pds"`);
  const pds = m.pds.map((p: unknown, i): ImageManifestPd => {
    const e = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    if (typeof e.name !== 'string' || typeof e.section !== 'string' || typeof e.programImage !== 'string' || typeof e.size !== 'number') {
      return fail(`damaged system image: ${META_SECTION} entry pds[${i}] is malformed`);
    }
    return { name: e.name, section: e.section, programImage: e.programImage, size: e.size };
  });
  return { format: IMAGE_FORMAT, version: IMAGE_VERSION, system: m.system, pds };
}

function decodeSystemSection(data: Uint8Array, fail: (p: string) => never): { name: string; text: string } {
  const bad = (why: string): never => fail(`damaged system image: ${SYSTEM_SECTION} ${why}`);
  if (data.length < 8 || SYSTEM_MAGIC.some((b, i) => data[i] !== b)) return bad('has no STSY header');
  const nameLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(4, true);
  if (8 + nameLength > data.length) return bad(`file name length ${nameLength} runs past the section end`);
  try {
    return { name: decoder.decode(data.subarray(8, 8 + nameLength)), text: decoder.decode(data.subarray(8 + nameLength)) };
  } catch {
    return bad('is not valid UTF-8');
  }
}
