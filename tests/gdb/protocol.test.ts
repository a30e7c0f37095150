import { describe, it, expect } from 'vitest';
import { PacketReader, frame, checksum, parseAddr, addrHex, regHex, numRegHex, fromHex, toHex, MAX_PACKET } from '../../replay/gdb/protocol.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('gdb packet framing', () => {
  it('parses packets, acks and the interrupt byte in order, across arbitrary splits', () => {
    const stream = `+$qSupported:multiprocess+#${checksum('qSupported:multiprocess+').toString(16).padStart(2, '0')}-\x03$g#67`;
    for (let cut = 0; cut <= stream.length; cut++) {
      const r = new PacketReader();
      const ev = [...r.push(bytes(stream.slice(0, cut))), ...r.push(bytes(stream.slice(cut)))];
      expect(ev).toEqual([
        { kind: 'ack' },
        { kind: 'packet', data: 'qSupported:multiprocess+' },
        { kind: 'nack' },
        { kind: 'interrupt' },
        { kind: 'packet', data: 'g' },
      ]);
    }
  });

  it('reports a wrong or malformed checksum instead of the packet', () => {
    const r = new PacketReader();
    expect(r.push(bytes('$g#00'))).toEqual([{ kind: 'bad-checksum', data: 'g' }]);
    expect(r.push(bytes('$g#zz'))).toEqual([{ kind: 'bad-checksum', data: 'g' }]);
    // The reader recovers: the next good packet goes through.
    expect(r.push(bytes('$?#3f'))).toEqual([{ kind: 'packet', data: '?' }]);
  });

  it('ignores line noise between packets and restarts on a second $', () => {
    const r = new PacketReader();
    expect(r.push(bytes('garbage\r\n$junk$?#3f'))).toEqual([{ kind: 'packet', data: '?' }]);
  });

  it('unescapes } sequences (the checksum covers the bytes as sent)', () => {
    const r = new PacketReader();
    const sent = 'X0,1:}\x03';
    expect(r.push(bytes(`$${sent}#${checksum(sent).toString(16).padStart(2, '0')}`))).toEqual([{ kind: 'packet', data: 'X0,1:#' }]);
  });

  it('drops packets longer than the announced size', () => {
    const r = new PacketReader();
    const big = 'm'.repeat(MAX_PACKET + 10);
    const ev = r.push(bytes(`$${big}#${checksum(big).toString(16).padStart(2, '0')}`));
    expect(ev).toHaveLength(1);
    expect(ev[0].kind).toBe('bad-checksum');
  });

  it('frames replies with escapes and a two-digit checksum', () => {
    expect(frame('OK')).toBe('$OK#9a');
    expect(frame('')).toBe('$#00');
    const f = frame('a$b#c}d*e');
    expect(f).toBe(`$a}\x04b}\x03c}]d}\x0ae#${checksum('a}\x04b}\x03c}]d}\x0ae').toString(16).padStart(2, '0')}`);
    const r = new PacketReader();
    expect(r.push(bytes(f))).toEqual([{ kind: 'packet', data: 'a$b#c}d*e' }]);
  });

  it('converts addresses and register values', () => {
    expect(parseAddr('80000000')).toBe(0x80000000);
    expect(parseAddr('ffffffffffffff00')).toBe(-256);
    expect(parseAddr('')).toBeNull();
    expect(parseAddr('12345678901234567')).toBeNull();
    expect(parseAddr('xyz')).toBeNull();
    expect(addrHex(-256)).toBe('ffffffffffffff00');
    expect(addrHex(0x80003040)).toBe('80003040');
    expect(regHex(0x80000000 | 0, 0)).toBe('0000008000000000');
    expect(numRegHex(0x80000036)).toBe('3600008000000000');
    expect(fromHex(toHex('monitor where'))).toBe('monitor where');
    expect(fromHex('abc')).toBeNull();
  });
});

describe('target.xml', () => {
  it('describes FPRs (gdb regnums 33-64, fflags/frm/fcsr only in the fpu feature) when the machine has them', async () => {
    const { targetXml } = await import('../../replay/gdb/target-xml.js');
    const csrs = [{ num: 1, name: 'fflags' }, { num: 2, name: 'frm' }, { num: 3, name: 'fcsr' }, { num: 0x300, name: 'mstatus' }];
    const withFpu = targetXml(csrs, true);
    expect(withFpu).toContain('<feature name="org.gnu.gdb.riscv.fpu">');
    expect(withFpu).toContain('<reg name="ft0" bitsize="64" type="ieee_double" regnum="33"/>');
    expect(withFpu).toContain('<reg name="ft11" bitsize="64" type="ieee_double" regnum="64"/>');
    expect(withFpu.match(/name="fcsr"/g)).toHaveLength(1);
    expect(withFpu).toContain('regnum="68"');
    const without = targetXml(csrs, false);
    expect(without).not.toContain('riscv.fpu');
    expect(without).toContain('<reg name="fcsr" bitsize="64" type="int" regnum="68" group="system"/>');
  });
});
