/**
 * Kernel state <-> plain data. The state is arrays, records, numbers, strings, booleans,
 * Int32Arrays and bigints; bigints (64-bit guest words) become `{ big: "<decimal>" }` so the
 * result is JSON- and msgpack-friendly. Everything is deep-copied both ways, so a snapshot
 * never aliases live state.
 */
import type { KState } from './state.js';

export const KERNEL_STATE_VERSION = 3;

export type PlainValue =
  | null | boolean | number | string | Int32Array
  | readonly PlainValue[]
  | { readonly [key: string]: PlainValue };

export interface KernelState {
  readonly version: number;
  readonly state: PlainValue;
}

// Taken at every checkpoint of a recording: plain loops, no Object.entries / map closures.
function encode(v: unknown): PlainValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number': case 'string': case 'boolean': return v;
    case 'bigint': return { big: v.toString() };
    case 'object': {
      if (Array.isArray(v)) {
        const n = v.length;
        const out = new Array<PlainValue>(n);
        // A hole stays a hole (as Array#map leaves it), so the packed bytes do not change.
        for (let i = 0; i < n; i++) {
          const x: unknown = v[i];
          // Empty slots and numbers (most of the elements) need no call.
          if (x === null || typeof x === 'number') out[i] = x;
          else if (i in v) out[i] = encode(x);
        }
        return out;
      }
      if (v instanceof Int32Array) return v.slice();
      const out: { [key: string]: PlainValue } = {};
      const rec = v as Record<string, unknown>;
      for (const k in rec) out[k] = encode(rec[k]);
      return out;
    }
    default: throw new Error(`kernel snapshot: cannot encode a ${typeof v}`);
  }
}

function decode(v: PlainValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Int32Array) return v.slice();
  if (ArrayBuffer.isView(v)) return Int32Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map((x: PlainValue) => decode(x));
  const rec = v as { readonly [key: string]: PlainValue };
  const keys = Object.keys(rec);
  if (keys.length === 1 && keys[0] === 'big' && typeof rec.big === 'string') return BigInt(rec.big);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decode(rec[k] as PlainValue);
  return out;
}

export function encodeState(s: KState): KernelState {
  return { version: KERNEL_STATE_VERSION, state: encode(s) };
}

export function decodeState(k: KernelState): KState {
  if (k.version !== KERNEL_STATE_VERSION) {
    throw new Error(`kernel snapshot version ${k.version} is not ${KERNEL_STATE_VERSION}`);
  }
  const s = decode(k.state) as KState;
  // Register files come back as Int32Array whatever the transport did to typed arrays.
  for (const o of s.objects) {
    if (o !== null && o.kind === 'tcb' && !(o.regs instanceof Int32Array)) o.regs = Int32Array.from(o.regs as ArrayLike<number>);
    if (o !== null && o.kind === 'tcb' && !(o.fpuRegs instanceof Int32Array)) o.fpuRegs = Int32Array.from(o.fpuRegs as ArrayLike<number>);
  }
  return s;
}
