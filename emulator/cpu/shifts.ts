/** 64-bit shifts on lo/hi int32 register pairs (x[rd], x[rd+1]); s in 0..63. */
export function sll(x: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[rd] = lo; x[rd + 1] = hi; } else if (s < 32) { x[rd + 1] = (hi << s) | (lo >>> (32 - s)); x[rd] = lo << s; } else { x[rd + 1] = lo << (s - 32); x[rd] = 0; }
}
export function srl(x: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[rd] = lo; x[rd + 1] = hi; } else if (s < 32) { x[rd] = (lo >>> s) | (hi << (32 - s)); x[rd + 1] = hi >>> s; } else { x[rd] = hi >>> (s - 32); x[rd + 1] = 0; }
}
export function sra(x: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[rd] = lo; x[rd + 1] = hi; } else if (s < 32) { x[rd] = (lo >>> s) | (hi << (32 - s)); x[rd + 1] = hi >> s; } else { x[rd] = hi >> (s - 32); x[rd + 1] = hi >> 31; }
}
