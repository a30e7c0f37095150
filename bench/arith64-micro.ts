/**
 * Micro-benchmark of the M-extension helpers in emulator/cpu/arith64.ts:
 * wasm vs plain-JS (doubles) for each op that has both, with BigInt as a
 * baseline. The defaults exported by arith64.ts follow these numbers.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/arith64-micro.js
 * (or compile just this file: npx tsc --outDir /tmp/arith-bench --rootDir . \
 *   --module NodeNext --moduleResolution NodeNext --target ES2022 --strict \
 *   bench/arith64-micro.ts, add {"type":"module"} as /tmp/arith-bench/package.json,
 *   and run node /tmp/arith-bench/bench/arith64-micro.js)
 *
 * Each candidate gets its own loop compiled with `new Function`, so its call
 * site sees one target only and can be inlined, as in the interpreter; the
 * order of candidates then no longer changes their numbers.
 */
import { pathToFileURL } from 'node:url';
import {
  divuw,
  divw,
  impls,
  out,
  remuw,
  remw,
  type Op32,
  type Op64,
} from '../emulator/cpu/arith64.js';

export interface MicroResult {
  name: string;
  nsPerOp: number;
}

const M = 4096; // operand sets per pass

function xorshift32(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x;
  };
}

type Shape = 'i64' | 'i32' | 'u32';

/**
 * Operands as [alo, ahi, blo, bhi] * M, b != 0. i64: random 64-bit;
 * i32: sign-extended int32 of random width; u32: zero-extended uint32 of random width.
 */
function operands(shape: Shape): Int32Array {
  const rnd = xorshift32(shape === 'i64' ? 67890 : shape === 'i32' ? 12345 : 4242);
  const ops = new Int32Array(4 * M);
  for (let i = 0; i < M; i++) {
    if (shape === 'i64') {
      ops.set([rnd(), rnd(), rnd(), rnd() || 1], 4 * i);
    } else if (shape === 'i32') {
      const a = rnd() >> (rnd() & 31);
      const b = (rnd() >> (rnd() & 31)) || 3;
      ops.set([a, a >> 31, b, b >> 31], 4 * i);
    } else {
      const a = rnd() >>> (rnd() & 31);
      const b = (rnd() >>> (rnd() & 31)) || 3;
      ops.set([a, 0, b, 0], 4 * i);
    }
  }
  return ops;
}

type Loop64 = (f: Op64, ops: Int32Array, o: Int32Array, reps: number) => number;
type Loop32 = (f: Op32, ops: Int32Array, reps: number) => number;

const LOOP64 = `
  let acc = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < ops.length; i += 4) {
      f(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]);
      acc = (acc ^ o[0] ^ o[1]) | 0;
    }
  }
  return acc;`;
const LOOP32 = `
  let acc = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < ops.length; i += 4) acc = (acc ^ f(ops[i], ops[i + 2])) | 0;
  }
  return acc;`;

function time(run: (reps: number) => number, ops: number): number {
  run(50); // warm up to optimized code
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const reps = 100;
    const t0 = process.hrtime.bigint();
    run(reps);
    const t = Number(process.hrtime.bigint() - t0);
    best = Math.min(best, t / (reps * ops));
  }
  return best;
}

// V8 caches `new Function` by source text, and closures from one cached
// source share feedback; a unique comment gives each loop its own.
let loopId = 0;
const unique = (src: string): string => `/* loop ${++loopId} */${src}`;

function time64(f: Op64, ops: Int32Array): number {
  const loop = new Function('f', 'ops', 'o', 'reps', unique(LOOP64)) as Loop64;
  return time((reps) => loop(f, ops, out, reps), ops.length / 4);
}

function time32(f: Op32, ops: Int32Array): number {
  const loop = new Function('f', 'ops', 'reps', unique(LOOP32)) as Loop32;
  return time((reps) => loop(f, ops, reps), ops.length / 4);
}

// BigInt baselines (what the helpers replace)
const big = (lo: number, hi: number): bigint => (BigInt(hi) << 32n) | BigInt(lo >>> 0);
function mulhuBig(alo: number, ahi: number, blo: number, bhi: number): void {
  const r = (BigInt.asUintN(64, big(alo, ahi)) * BigInt.asUintN(64, big(blo, bhi))) >> 64n;
  out[0] = Number(BigInt.asIntN(32, r));
  out[1] = Number(BigInt.asIntN(32, r >> 32n));
}
function divBig(alo: number, ahi: number, blo: number, bhi: number): void {
  const r = big(alo, ahi) / big(blo, bhi); // bench operands have b != 0, no MIN/-1
  out[0] = Number(BigInt.asIntN(32, r));
  out[1] = Number(BigInt.asIntN(32, r >> 32n));
}

export function runArith64Micro(): MicroResult[] {
  const ops: Record<Shape, Int32Array> = { i64: operands('i64'), i32: operands('i32'), u32: operands('u32') };
  const res: MicroResult[] = [];
  const add = (name: string, ns: number): void => {
    res.push({ name, nsPerOp: ns });
  };
  // loop overhead: an op that only writes out / returns a word
  add('baseline 64 (write out only)', time64((alo, ahi) => { out[0] = alo; out[1] = ahi; }, ops.i64));
  add('baseline 32 (return a)', time32((a) => a, ops.i64));
  for (const op of ['mul', 'mulhu', 'mulh', 'mulhsu'] as const) {
    add(`${op} wasm`, time64(impls.wasm[op], ops.i64));
    add(`${op} js`, time64(impls.js[op], ops.i64));
  }
  add('mulhu BigInt', time64(mulhuBig, ops.i64));
  for (const op of ['div', 'rem', 'divu', 'remu'] as const) {
    const narrow: Shape = op === 'div' || op === 'rem' ? 'i32' : 'u32';
    for (const shape of ['i64', narrow] as const) {
      add(`${op} wasm (${shape} operands)`, time64(impls.wasm[op], ops[shape]));
      add(`${op} js+wasm (${shape} operands)`, time64(impls.js[op], ops[shape]));
    }
  }
  add('div BigInt (i64 operands)', time64(divBig, ops.i64));
  add('mulhu32 wasm', time32(impls.mulhu32.wasm, ops.i64));
  add('mulhu32 js', time32(impls.mulhu32.js, ops.i64));
  add('divw js', time32(divw, ops.i32));
  add('divuw js', time32(divuw, ops.i32));
  add('remw js', time32(remw, ops.i32));
  add('remuw js', time32(remuw, ops.i32));
  return res;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, nsPerOp } of runArith64Micro()) {
    console.log(`${name.padEnd(32)} ${nsPerOp.toFixed(2).padStart(8)} ns/op`);
  }
}
