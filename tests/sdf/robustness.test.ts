import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SdfError } from '../../emulator/kernel/sdf/errors.js';
import { parseSystem } from '../../emulator/kernel/sdf/sdf.js';

const valid = readFileSync(fileURLToPath(new URL('./fixtures/valid.system', import.meta.url)), 'utf8');

/** Deterministic xorshift so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

describe('bad input never crashes', () => {
  it('mutated .system files either parse or throw a one-line SdfError', () => {
    const rand = rng(0x5e1);
    const alphabet = ['<', '>', '/', '"', "'", '=', '&', ';', '#', 'x', '0', ' ', '\n', '-', '!', '?', 'a'];
    let errors = 0;
    for (let n = 0; n < 3000; n++) {
      let t = valid;
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * t.length);
        const op = rand();
        if (op < 0.4) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
        else t = t.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)]! + t.slice(at);
      }
      try {
        parseSystem(t, 'm.system');
      } catch (e) {
        if (!(e instanceof SdfError)) throw new Error(`non-SdfError for input:\n${t}\n${String(e)}`);
        expect(e.message).toMatch(/^m\.system:\d+:\d+: [^\n]+$/);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });
});
