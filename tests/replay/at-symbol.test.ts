/** `--at symbol NAME`: what an unknown name is told, with and without symbols in the recording. */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';
import { ReplaySession } from '../../replay/session.js';
import { gotoSpec } from '../../replay/resolve-at.js';
import { parseAtSpec } from '../../replay/spec.js';

const ELF = 'bench/guest/bench-small.elf';

/** Record the first 200k cycles of ELF; `stripped`: as from an image without a symbol table. */
function recordIt(path: string, stripped: boolean): void {
  const image = readFileSync(ELF);
  const b = bootImageBytes(image, 'img.elf');
  record({ machine: b.machine, kernel: b.kernel, imageName: 'img.elf', image, imageKind: b.kind, input: null, symbols: stripped ? [] : b.symbols },
    { streamPath: path, indexPath: `${path}.db`, maxCycles: 200_000 });
}

describe('--at symbol', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'seltrace-atsym-')); });

  it('says a recording without symbols has none (a stripped image), instead of only "unknown symbol"', () => {
    const p = join(dir, 'stripped.strace');
    recordIt(p, true);
    const r = ReplaySession.open(p);
    try {
      expect(() => gotoSpec(r, parseAtSpec('symbol main'))).toThrow(/unknown symbol 'main': the recorded image has no symbols \(stripped\?\): go by cycle, time or event instead/);
    } finally { r.close(); }
  });

  it('offers similar names when the recording has symbols', () => {
    const p = join(dir, 'full.strace');
    recordIt(p, false);
    const r = ReplaySession.open(p);
    try {
      expect(() => gotoSpec(r, parseAtSpec('symbol mian'))).toThrow(/^unknown symbol 'mian'( \(similar: .*\))?$/);
      expect(gotoSpec(r, parseAtSpec('symbol main'))).toBeNull();
    } finally { r.close(); }
  });
});
