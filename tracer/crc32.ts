import * as zlib from 'node:zlib';
/** CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320) for chunk integrity. */
const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Node's native CRC-32 (zlib, Node ≥ 20.15) when present: same polynomial, much faster. */
const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;

export function crc32(data: Uint8Array): number {
  return native !== undefined ? native(data) >>> 0 : crc32js(data);
}

/** Table-driven fallback (and the reference the tests compare the native one with). */
export function crc32js(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
