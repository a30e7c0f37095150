/**
 * The one-instruction API and the CLI command, without the cross toolchain. Expected strings
 * are what binutils 2.40 objdump printed for these encodings (see bin/all.objdump).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disasmInsn, formatTarget, InsnPrinter } from '../../emulator/disasm/disasm.js';
import { archExtensions, readRiscvAttributes } from '../../emulator/disasm/riscv-attrs.js';
import { findSection, parseElf } from '../../emulator/elf/elf-reader.js';
import { SymbolTable } from '../../emulator/elf/symbols.js';
import { disasmCommand } from '../../src/commands/disasm.js';
import { ROOT } from './objdump-util.js';

const PC = 0x80000000;

describe('disasmInsn', () => {
  const cases: [number, string, 2 | 4][] = [
    [0x00003117, 'auipc\tsp,0x3', 4],
    [0x85010113, 'addi\tsp,sp,-1968', 4],
    [0xffffffb7, 'lui\tt6,0xfffff', 4],
    [0x80000db7, 'lui\ts11,0x80000', 4],
    [0x80028067, 'jalr\tzero,-2048(t0)', 4],
    [0x03f39313, 'slli\tt1,t2,0x3f', 4],
    [0x43fede13, 'srai\tt3,t4,0x3f', 4],
    [0x41f9d91b, 'sraiw\ts2,s3,0x1f', 4],
    [0x00a2b023, 'sd\ta0,0(t0)', 4],
    [0xfff03503, 'ld\ta0,-1(zero)', 4],
    [0xf1402573, 'csrrs\ta0,mhartid,zero', 4],
    [0x34005573, 'csrrwi\ta0,mscratch,0', 4],
    [0x7c002973, 'csrrs\ts2,0x7c0,zero', 4],
    [0x12628073, 'sfence.vma\tt0,t1', 4],
    [0x0ff0000f, 'fence\tiorw,iorw', 4],
    [0x0010000f, 'fence\tunknown,w', 4],
    [0x8330000f, 'fence.tso', 4],
    [0x0000100f, 'fence.i', 4],
    [0x0000200f, '.4byte\t0x200f', 4],
    [0x0ff0050f, '.4byte\t0xff0050f', 4],
    [0x10500073, 'wfi', 4],
    [0xc0001073, 'unimp', 4],
    [0x7b200073, 'dret', 4],
    [0x10450073, 'sfence.vm\ta0', 4],
    [0x1005a52f, 'lr.w\ta0,(a1)', 4],
    [0x1600bfaf, 'lr.d.aqrl\tt6,(ra)', 4],
    [0x1c63a2af, 'sc.w.aq\tt0,t1,(t2)', 4],
    [0x22b6252f, 'amoxor.w.rl\ta0,a1,(a2)', 4],
    [0xe3df3e2f, 'amomaxu.d.rl\tt3,t4,(t5)', 4],
    [0x02b54533, 'div\ta0,a0,a1', 4],
    [0x00000007, '.4byte\t0x7', 4],
    [0x4505, 'c.li\ta0,1', 2],
    [0x0001, 'c.addi\tzero,0', 2],
    [0x0000, 'c.unimp', 2],
    [0x2000, 'c.fld\tfs0,0(s0)', 2],
    [0xa822, 'c.fsdsp\tfs0,16(sp)', 2],
    [0x02c59553, 'fadd.d\tfa0,fa1,fa2,rtz', 4],
    [0x02c5f553, 'fadd.d\tfa0,fa1,fa2', 4],
    [0x02b56553, 'fadd.d\tfa0,fa0,fa1,unknown', 4],
    [0x68c5c543, 'fmadd.s\tfa0,fa1,fa2,fa3,rmm', 4],
    [0xd2050553, 'fcvt.d.w\tfa0,a0', 4],
    [0xd2057553, '.4byte\t0xd2057553', 4],
    [0xc2051553, 'fcvt.w.d\ta0,fa0,rtz', 4],
    [0xe0051553, 'fclass.s\ta0,fa0', 4],
    [0xfea13c27, 'fsd\tfa0,-8(sp)', 4],
    [0x8002, '.2byte\t0x8002', 2],
    [0x6101, 'c.addi16sp\tsp,0', 2],
    [0x7101, 'c.addi16sp\tsp,-512', 2],
    [0x1fe4, 'c.addi4spn\ts1,sp,1020', 2],
    [0x75fd, 'c.lui\ta1,0xfffff', 2],
    [0x8001, 'c.srli64\ts0', 2],
    [0x0002, 'c.slli64\tzero', 2],
    [0x8006, 'c.mv\tzero,ra', 2],
    [0x9002, 'c.ebreak', 2],
    [0x952e, 'c.add\ta0,a1', 2],
    [0x8082, 'c.jr\tra', 2],
    [0xe822, 'c.sdsp\ts0,16(sp)', 2],
    [0x5fe0, 'c.lw\ts0,124(a5)', 2],
    [0x9d9d, 'c.subw\ta1,a5', 2],
    [0x8bbd, 'c.andi\ta5,15', 2],
  ];
  for (const [bits, text, len] of cases) {
    it(`0x${bits.toString(16)} -> ${text.replace('\t', ' ')}`, () => {
      expect(disasmInsn(bits, PC)).toEqual({ text, len });
    });
  }

  it('ignores the upper half of a compressed instruction word', () => {
    expect(disasmInsn(0x12344505, PC)).toEqual({ text: 'c.li\ta0,1', len: 2 });
  });

  it('prints branch targets as absolute addresses', () => {
    expect(disasmInsn(0x01a000ef, 0x8000000e).text).toBe('jal\tra,0x80000028');
    expect(disasmInsn(0xbfd5, 0x80000044).text).toBe('c.j\t0x80000038');
    expect(disasmInsn(0xfed717e3, 0x800000be).text).toBe('bne\ta4,a3,0x800000ac');
    expect(disasmInsn(0xfddff06f, 0).text).toBe('jal\tzero,0xffffffffffffffdc'); // wraps like a 64-bit pc
  });

  it('names targets with a symbol table', () => {
    const file = join(ROOT, 'tests/fixtures/elf/bin/prog.elf');
    const syms = SymbolTable.fromImage(parseElf(new Uint8Array(readFileSync(file)), file));
    expect(disasmInsn(0x01a000ef, 0x8000000e, syms).text).toBe('jal\tra,80000028 <add3>');
    expect(disasmInsn(0xa001, 0x80000026, syms).text).toBe('c.j\t80000026 <_start+0x26>');
    expect(formatTarget(0x7ffffff0n, syms)).toBe('7ffffff0 <_start-0x10>');
    expect(formatTarget(0xffffffffffffffffn, syms)).toMatch(/^ffffffffffffffff <\w+\+0x[0-9a-f]+>$/);
    expect(formatTarget(0x80000000n)).toBe('0x80000000');
  });
});

describe('InsnPrinter (objdump state across instructions)', () => {
  const at = (a: bigint): string => `<${a.toString(16)}>`;

  it('adds the address an auipc/lui pair forms to the instruction that uses it, once', () => {
    const p = new InsnPrinter(at);
    expect(p.print(0x00003117, 0x80000000).text).toBe('auipc\tsp,0x3');
    expect(p.print(0x85010113, 0x80000004).text).toBe('addi\tsp,sp,-1968 # <80002850>');
    expect(p.print(0x85010113, 0x80000008).text).toBe('addi\tsp,sp,-1968');
    expect(p.print(0x6315, 0).text).toBe('c.lui\tt1,0x5');
    expect(p.print(0x5553031b, 0).text).toBe('addiw\tt1,t1,1365 # <5555>');
  });

  it('uses gp, tp and zero bases without a pair', () => {
    const p = new InsnPrinter(at, 0x80001808);
    expect(p.print(0x8001b503, 0).text).toBe('ld\ta0,-2048(gp) # <80001008>');
    expect(p.print(0x01023503, 0).text).toBe('ld\ta0,16(tp) # <10>');
    expect(p.print(0xfff03503, 0).text).toBe('ld\ta0,-1(zero) # <ffffffffffffffff>');
    expect(new InsnPrinter(at).print(0x8001b503, 0).text).toBe('ld\ta0,-2048(gp)');
  });

  it('honours the extensions and privileged spec objdump was told about', () => {
    const p = new InsnPrinter(at);
    p.exts = new Set(['i', 'zicsr', 'zmmul']);
    expect(p.print(0x02b50533, 0).text).toBe('mul\ta0,a0,a1');
    expect(p.print(0x02b54533, 0).text).toBe('.4byte\t0x2b54533');
    expect(p.print(0x4505, 0).text).toBe('.2byte\t0x4505');
    p.priv = '1.9.1';
    expect(p.print(0x18002573, 0).text).toBe('csrrs\ta0,sptbr,zero');
  });

  it('can leave the comments out', () => {
    const p = new InsnPrinter(at, null, false);
    p.print(0x00003117, 0x80000000);
    expect(p.print(0x85010113, 0x80000004).text).toBe('addi\tsp,sp,-1968');
  });
});

describe('RISC-V attributes', () => {
  const load = (rel: string): { bytes: Uint8Array; img: ReturnType<typeof parseElf> } => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, rel)));
    return { bytes, img: parseElf(bytes, rel) };
  };

  it('reads the ISA string and privileged spec gcc records', () => {
    const { bytes, img } = load('tests/disasm/bin/layout.elf');
    expect(readRiscvAttributes(bytes, img)).toEqual({
      arch: 'rv64i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0',
      priv: null, // layout.S names no CSR, so gas records no privileged spec: objdump uses the newest
    });
    const all = load('tests/disasm/bin/all.elf');
    expect(readRiscvAttributes(all.bytes, all.img)?.priv).toBe('1.11');
  });

  it('turns ISA strings into extension sets', () => {
    expect([...archExtensions('rv64i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0')].sort())
      .toEqual(['a', 'c', 'i', 'm', 'zicsr', 'zifencei', 'zmmul']);
    expect(archExtensions('rv64gc').has('zifencei')).toBe(true);
    expect(archExtensions('rv64imac').has('c')).toBe(true);
    expect(archExtensions('rv32e_zmmul').has('m')).toBe(false);
  });

  it('stops on corrupt lengths instead of looping', () => {
    const { bytes, img } = load('tests/disasm/bin/layout.elf');
    const sec = findSection(img, '.riscv.attributes')!;
    for (const zeroAt of [1, 12]) {
      const copy = bytes.slice();
      copy.fill(0, sec.offset + zeroAt, sec.offset + zeroAt + 4);
      expect(() => readRiscvAttributes(copy, img)).not.toThrow();
    }
  });
});

describe('disasmCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture(): { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    return { out, err };
  }

  it('prints what objdump prints and exits 0', () => {
    const rel = 'tests/disasm/bin/layout.elf';
    const { out, err } = capture();
    const code = disasmCommand(join(ROOT, rel), {});
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const recorded = readFileSync(join(ROOT, 'tests/disasm/bin/layout.objdump'), 'utf8');
    expect(out.join('')).toBe(recorded.replace(rel, join(ROOT, rel)));
  });

  it('disassembles what objdump does that seltrace could not boot: an object file, an entry outside the segments', () => {
    for (const name of ['object.o', 'unbootable.elf']) {
      const rel = `tests/disasm/bin/${name}`;
      const { out, err } = capture();
      const code = disasmCommand(join(ROOT, rel), {});
      vi.restoreAllMocks();
      expect(err, name).toEqual([]);
      expect(code, name).toBe(0);
      const recorded = readFileSync(join(ROOT, rel.replace(/\.(elf|o)$/, '.objdump')), 'utf8');
      expect(out.join(''), name).toBe(recorded.replace(rel, join(ROOT, rel)));
    }
  });

  it('reports files it cannot disassemble on one line and exits 2', () => {
    for (const file of ['tests/disasm/src/all.S', 'tests/fixtures/elf/bin/rv32.elf', 'tests/disasm/bin/missing.elf']) {
      const { out, err } = capture();
      const code = disasmCommand(join(ROOT, file), {});
      vi.restoreAllMocks();
      expect(code, file).toBe(2);
      expect(out).toEqual([]);
      expect(err.join(''), file).toMatch(/^seltrace: [^\n]+\n$/);
    }
  });
});
