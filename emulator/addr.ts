/**
 * How seltrace holds a 64-bit RISC-V address in a JS number: in canonical *signed* form.
 * 0x0000_0000_8000_0000 is 0x80000000 as usual; 0xffff_ffff_8000_0000 (the seL4/Linux kernel
 * window, Sv39 sign-extended) is -0x80000000. Every address a hart can use (Sv39/48/57 virtual,
 * 56-bit physical) is then exact in a double, arithmetic on it is plain `+`, and a register's
 * (lo, hi) int32 pair converts with `hi * 2^32 + (lo >>> 0)`, no BigInt. Only the edges (ELF
 * files, text) see the unsigned 64-bit spelling.
 */

const TWO32 = 4294967296;
/** Magnitude bound: |address| < 2^53 is exact. */
export const ADDR_LIMIT = 2 ** 53;

/** The address held in an int32 pair (hi signed), e.g. a register or a CSR. */
export function addrFromHalves(lo: number, hi: number): number {
  return (hi | 0) * TWO32 + (lo >>> 0);
}

/** A 64-bit value held as int32 halves (a CSR, a trap value), as unsigned decimal text. */
export function u64Text(lo: number, hi: number): string {
  return (BigInt(hi >>> 0) << 32n | BigInt(lo >>> 0)).toString();
}

/** A 64-bit value (read as unsigned) in canonical signed form, or null if no exact number holds it. */
export function addrFromU64(v: bigint): number | null {
  const s = BigInt.asIntN(64, v);
  return s >= -BigInt(ADDR_LIMIT) && s < BigInt(ADDR_LIMIT) ? Number(s) : null;
}

/** The unsigned 64-bit value of an address. */
export function addrToU64(a: number): bigint {
  return BigInt.asUintN(64, BigInt(a));
}

/** Unsigned hex digits of an address, no prefix, no padding: -0x80000000 → "ffffffff80000000". */
export function addrHex(a: number): string {
  if (a >= 0) return a.toString(16);
  const hi = Math.floor(a / TWO32);
  const lo = a - hi * TWO32;
  return (hi >>> 0).toString(16) + lo.toString(16).padStart(8, '0');
}

/** `0x…` form of addrHex. */
export function addrHex0x(a: number): string {
  return `0x${addrHex(a)}`;
}

/** a < b as unsigned 64-bit addresses (the top of the address space sorts last, as objdump sorts). */
export function addrLtU(a: number, b: number): boolean {
  return (a < 0) === (b < 0) ? a < b : b < 0;
}
