/** CSR numbers this machine implements, and the names objdump prints for every known CSR. */

export const enum Csr {
  FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003,
  SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SENVCFG = 0x10a,
  SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, SATP = 0x180,
  MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304, MTVEC = 0x305,
  MCOUNTEREN = 0x306, MENVCFG = 0x30a, MCOUNTINHIBIT = 0x320,
  MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, MIP = 0x344,
  TSELECT = 0x7a0, TDATA1 = 0x7a1, TDATA2 = 0x7a2, TDATA3 = 0x7a3,
  MCYCLE = 0xb00, MINSTRET = 0xb02,
  CYCLE = 0xc00, TIME = 0xc01, INSTRET = 0xc02,
  MVENDORID = 0xf11, MARCHID = 0xf12, MIMPID = 0xf13, MHARTID = 0xf14, MCONFIGPTR = 0xf15,
}

/**
 * CSR names as binutils 2.40 objdump prints them. Most are the same in every privileged spec;
 * VERSIONED holds the ones that exist only from or until some version. objdump uses the spec in
 * the ELF's Tag_RISCV_priv_spec attribute, or the newest (1.12) when there is none.
 */
export type PrivSpec = '1.9.1' | '1.10' | '1.11' | '1.12';
const SPECS: readonly PrivSpec[] = ['1.9.1', '1.10', '1.11', '1.12'];

const COMMON: Record<number, string> = {
  0x001: 'fflags', 0x002: 'frm', 0x003: 'fcsr', 0x008: 'vstart', 0x009: 'vxsat', 0x00a: 'vxrm', 0x00f: 'vcsr',
  0x015: 'seed',
  0x100: 'sstatus', 0x104: 'sie', 0x105: 'stvec',
  0x10c: 'sstateen0', 0x10d: 'sstateen1', 0x10e: 'sstateen2', 0x10f: 'sstateen3', 0x114: 'sieh',
  0x140: 'sscratch', 0x141: 'sepc', 0x142: 'scause', 0x144: 'sip', 0x14d: 'stimecmp',
  0x150: 'siselect', 0x151: 'sireg', 0x154: 'siph', 0x15c: 'stopei', 0x15d: 'stimecmph',
  0x200: 'vsstatus', 0x204: 'vsie', 0x205: 'vstvec', 0x214: 'vsieh', 0x240: 'vsscratch', 0x241: 'vsepc',
  0x242: 'vscause', 0x243: 'vstval', 0x244: 'vsip', 0x24d: 'vstimecmp', 0x250: 'vsiselect', 0x251: 'vsireg',
  0x254: 'vsiph', 0x25c: 'vstopei', 0x25d: 'vstimecmph', 0x280: 'vsatp',
  0x300: 'mstatus', 0x301: 'misa', 0x302: 'medeleg', 0x303: 'mideleg', 0x304: 'mie', 0x305: 'mtvec',
  0x308: 'mvien', 0x309: 'mvip', 0x30c: 'mstateen0', 0x30d: 'mstateen1',
  0x30e: 'mstateen2', 0x30f: 'mstateen3', 0x313: 'midelegh', 0x314: 'mieh', 0x318: 'mvienh',
  0x319: 'mviph', 0x31c: 'mstateen0h', 0x31d: 'mstateen1h', 0x31e: 'mstateen2h', 0x31f: 'mstateen3h',
  0x340: 'mscratch', 0x341: 'mepc', 0x342: 'mcause', 0x344: 'mip',
  0x350: 'miselect', 0x351: 'mireg', 0x354: 'miph', 0x35c: 'mtopei',
  0x5a8: 'scontext',
  0x600: 'hstatus', 0x602: 'hedeleg', 0x603: 'hideleg', 0x604: 'hie', 0x605: 'htimedelta', 0x606: 'hcounteren',
  0x607: 'hgeie', 0x608: 'hvien', 0x609: 'hvictl', 0x60a: 'henvcfg', 0x60c: 'hstateen0', 0x60d: 'hstateen1',
  0x60e: 'hstateen2', 0x60f: 'hstateen3', 0x613: 'hidelegh', 0x615: 'htimedeltah', 0x618: 'hvienh',
  0x61a: 'henvcfgh', 0x61c: 'hstateen0h', 0x61d: 'hstateen1h', 0x61e: 'hstateen2h', 0x61f: 'hstateen3h',
  0x643: 'htval', 0x644: 'hip', 0x645: 'hvip', 0x646: 'hviprio1', 0x647: 'hviprio2', 0x64a: 'htinst',
  0x655: 'hviph', 0x656: 'hviprio1h', 0x657: 'hviprio2h', 0x680: 'hgatp', 0x6a8: 'hcontext',
  0x7a0: 'tselect', 0x7a1: 'tdata1', 0x7a2: 'tdata2', 0x7a3: 'tdata3', 0x7a4: 'tinfo', 0x7a5: 'tcontrol',
  0x7a8: 'mcontext', 0x7aa: 'mscontext', 0x7b0: 'dcsr', 0x7b1: 'dpc', 0x7b2: 'dscratch0', 0x7b3: 'dscratch1',
  0xb00: 'mcycle', 0xb02: 'minstret', 0xb80: 'mcycleh', 0xb82: 'minstreth',
  0xc00: 'cycle', 0xc01: 'time', 0xc02: 'instret', 0xc20: 'vl', 0xc21: 'vtype', 0xc22: 'vlenb',
  0xc80: 'cycleh', 0xc81: 'timeh', 0xc82: 'instreth',
  0xda0: 'scountovf', 0xdb0: 'stopi', 0xe12: 'hgeip', 0xeb0: 'vstopi',
  0xf11: 'mvendorid', 0xf12: 'marchid', 0xf13: 'mimpid', 0xf14: 'mhartid', 0xfb0: 'mtopi',
};
for (let i = 3; i < 32; i++) {
  COMMON[0xc00 + i] = `hpmcounter${i}`;
  COMMON[0xc80 + i] = `hpmcounter${i}h`;
  COMMON[0xb00 + i] = `mhpmcounter${i}`;
  COMMON[0xb80 + i] = `mhpmcounter${i}h`;
  COMMON[0x320 + i] = `mhpmevent${i}`;
  COMMON[0x720 + i] = `mhpmevent${i}h`;
}

/** [number, name, first spec, first spec without it (undefined: still current)]. */
const VERSIONED: [number, string, PrivSpec, PrivSpec?][] = [
  [0x000, 'ustatus', '1.9.1', '1.12'], [0x004, 'uie', '1.9.1', '1.12'], [0x005, 'utvec', '1.9.1', '1.12'],
  [0x040, 'uscratch', '1.9.1', '1.12'], [0x041, 'uepc', '1.9.1', '1.12'], [0x042, 'ucause', '1.9.1', '1.12'],
  [0x043, 'ubadaddr', '1.9.1', '1.10'], [0x043, 'utval', '1.10', '1.12'], [0x044, 'uip', '1.9.1', '1.12'],
  [0x102, 'sedeleg', '1.9.1', '1.12'], [0x103, 'sideleg', '1.9.1', '1.12'],
  [0x106, 'scounteren', '1.10'], [0x10a, 'senvcfg', '1.12'],
  [0x143, 'sbadaddr', '1.9.1', '1.10'], [0x143, 'stval', '1.10'],
  [0x180, 'sptbr', '1.9.1', '1.10'], [0x180, 'satp', '1.10'],
  [0x306, 'mcounteren', '1.10'], [0x30a, 'menvcfg', '1.12'], [0x310, 'mstatush', '1.12'],
  [0x31a, 'menvcfgh', '1.12'],
  [0x320, 'mucounteren', '1.9.1', '1.10'], [0x320, 'mcountinhibit', '1.11'],
  [0x321, 'mscounteren', '1.9.1', '1.10'], [0x322, 'mhcounteren', '1.9.1', '1.10'],
  [0x343, 'mbadaddr', '1.9.1', '1.10'], [0x343, 'mtval', '1.10'],
  [0x34a, 'mtinst', '1.12'], [0x34b, 'mtval2', '1.12'],
  [0x380, 'mbase', '1.9.1', '1.10'], [0x381, 'mbound', '1.9.1', '1.10'], [0x382, 'mibase', '1.9.1', '1.10'],
  [0x383, 'mibound', '1.9.1', '1.10'], [0x384, 'mdbase', '1.9.1', '1.10'], [0x385, 'mdbound', '1.9.1', '1.10'],
  [0x747, 'mseccfg', '1.12'], [0x757, 'mseccfgh', '1.12'], [0xf15, 'mconfigptr', '1.12'],
];
for (let i = 0; i < 16; i++) VERSIONED.push([0x3a0 + i, `pmpcfg${i}`, i < 4 ? '1.10' : '1.12']);
for (let i = 0; i < 64; i++) VERSIONED.push([0x3b0 + i, `pmpaddr${i}`, i < 16 ? '1.10' : '1.12']);

const BY_SPEC = new Map<PrivSpec, Record<number, string>>(
  SPECS.map((spec, v) => {
    const names = { ...COMMON };
    for (const [n, name, from, until] of VERSIONED) {
      if (v >= SPECS.indexOf(from) && (until === undefined || v < SPECS.indexOf(until))) names[n] = name;
    }
    return [spec, names];
  }),
);

/** Name of a CSR as objdump prints it under privileged spec `spec`, or its number in hex when unnamed. */
export function csrName(n: number, spec: PrivSpec = '1.12'): string {
  return BY_SPEC.get(spec)![n] ?? `0x${n.toString(16)}`;
}
