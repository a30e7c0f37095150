/**
 * The interpreter loop (`Cpu.run`), generated once at start-up: its big `switch` has one case
 * per hot executor op, rendered from the instruction definitions in semantics.ts (sem-js.ts;
 * the block translator splices the same rendering, see jit.ts). Cold ops — FP, privileged and system ops,
 * AMOs — run in a second generated function, `cold`, called out of line; privileged/system ops,
 * which have no expression, are written here directly and call the hart's trap, CSR, xRET and AMO
 * methods.
 *
 * Loop state: `pc`, `count` (instructions retired in this batch), the decoded page `page` at
 * `pageBase`, and the current straight-line block (`bStart`, `bCount`) for the block records.
 * Anything that traps sets `cpu.pc`, commits the exact cycle count first, and restarts the
 * fetch (`pageBase = NaN`); anything that may change interrupt or translation state sets
 * `n = 0` so the batch ends after it. `entry` says whether `pc` may start a translated block:
 * true after a branch or jump (taken or not), a cold op, a new fetch page, a chain's exit and at
 * the batch's start — only there does the loop look up translations and count entries (the
 * translator ends blocks at exactly these points; straight-line instructions skip the lookup).
 */
import { Op } from './isa.js';
import { SEM, Kind, effAddr, extend, rawRead, rawWrite } from './semantics.js';
import { jsCond, jsDouble, jsValue, type Operands } from './sem-js.js';
import type { Cpu } from './cpu.js';
import { Stop, Cause, Priv } from './hart-enums.js';
import { MS } from './csr-file.js';
import * as A from './arith64.js';
import { runChain, St } from './chain.js';
import { fpExec } from './fpu.js';

const TWO32 = 4294967296;

/** `Cpu.run`'s body as a function of the hart. */
export type RunFn = (cpu: Cpu, n: number) => number;

/**
 * Operands as the interpreter decodes them (doubled register indices r1, r2, rd; imm; pc).
 * x0 is written like any register and cleared after every instruction. The low half is
 * stored first, so a high half that reads a source's low half (rd may be that source) waits
 * in a temporary. (Reading the sources into locals before the switch and writing rd after it,
 * one shared site each, measured 17 % slower.) Exported for tests/cpu/semantics.test.ts, which
 * runs every row's rendering in this form.
 */
export const OPERANDS: Operands = {
  s1lo: 'x[r1]', s1hi: 'x[r1+1]', s2lo: 'x[r2]', s2hi: 'x[r2+1]',
  imm: 'imm', immHi: '(imm>>31)', pc: 'pc', npc: 'npc',
  set: (lo, hi) => (/x\[r[12]\]/.test(hi) ? `{const l=${lo},h=${hi};x[rd]=l;x[rd+1]=h;}` : `x[rd]=${lo};x[rd+1]=${hi};`),
};

/** Commit the instructions before this one (exact time for traps, devices and CSRs). */
const SYNC = 'cpu.pc=pc;cpu.commit(count);';

/** What a cold op (see `coldCase`) tells the loop. */
const enum Cold {
  /** Retired; go on. */
  NEXT = 0,
  /** Retired; the code page may have changed (fetch again). */
  REFETCH = 1,
  /** Retired; end the batch after it (interrupt, translation or device state may have changed). */
  STOP = 2,
  /** Trapped: not retired, continue at cpu.pc in a new batch. */
  TRAPPED = 3,
  /** Retired and jumped to cpu.pc (xRET), in a new batch. */
  JUMPED = 4,
}

/**
 * The hot case body of one op: integer ALU, branches, jumps and integer loads/stores (the TLB
 * fast path inline, the slow path a call).
 */
function hotCase(op: Op): string | null {
  const sem = SEM[op];
  const o = OPERANDS;
  switch (sem.kind) {
    case Kind.ALU: return `${jsValue(sem.value, o)}break;`;
    case Kind.BRANCH: return `if(${jsCond(sem.cond, o)})npc=${jsDouble(sem.target, o)};entry=true;break;`;
    // rd is written after the target is computed (rd may be rs1)
    case Kind.JUMP: return `{const t=${jsDouble(sem.target, o)};${jsValue(sem.link, o)}npc=t;}entry=true;break;`;
    case Kind.LOAD:
      return `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramR[ti];let lo,hi;` +
        `if(tagR[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawRead(sem.size, 'o')}}` +
        `else{${SYNC}if(!cpu.loadSlow(va,${sem.size})){pc=cpu.pc;pageBase=NaN;n=0;continue;}lo=tmp[0];hi=tmp[1];}` +
        `${extend(sem.size, sem.signed)}x[rd]=lo;x[rd+1]=hi;}break;`;
    case Kind.STORE:
      return `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramW[ti];` +
        `if(tagW[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawWrite(sem.size, 'o', o.s2lo, o.s2hi)}` +
        `if(cpu.reservation>=0)cpu.reservation=-1;}` +
        `else{${SYNC}if(!cpu.storeSlow(va,${sem.size},x[r2],x[r2+1])){pc=cpu.pc;pageBase=NaN;n=0;continue;}if(cpu.stop!==${Stop.NONE})n=0;` +
        'pageBase=NaN;}}break;'; // the store may have invalidated this code page
    default: return null;
  }
}

/** Take an illegal-instruction trap (a function: cpu.ts enums are read only once modules are loaded). */
const illegal = (): string => `${SYNC}cpu.trap(${Cause.ILLEGAL},false,cpu.rawBits(pc),0);return ${Cold.TRAPPED};`;

/**
 * The case body of a cold op — FP loads/stores and operations, privileged and system ops, AMOs —
 * in the out-of-line function `cold` (see `makeRun`). Each returns a `Cold` code.
 */
function coldCase(op: Op): string {
  const sem = SEM[op];
  const o = OPERANDS;
  const trapped = `return ${Cold.TRAPPED};`;
  switch (sem.kind) {
    case Kind.FLOAD:
      return `if((cpu.csr.mstatus&${MS.FS})===0){${illegal()}}` +
        `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=cpu.ramR[ti];const F=cpu.f;let lo,hi;` +
        `if(cpu.tagR[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawRead(sem.size, 'o')}}` +
        `else{${SYNC}if(!cpu.loadSlow(va,${sem.size})){${trapped}}lo=cpu.tmp[0];hi=cpu.tmp[1];}` +
        `F[rd]=lo;F[rd+1]=${sem.size === 4 ? '-1' : 'hi'};cpu.csr.mstatus|=${MS.FS};}return ${Cold.NEXT};`;
    case Kind.FSTORE:
      return `if((cpu.csr.mstatus&${MS.FS})===0){${illegal()}}` +
        `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=cpu.ramW[ti];const F=cpu.f;` +
        `if(cpu.tagW[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawWrite(sem.size, 'o', 'F[r2]', 'F[r2+1]')}` +
        `if(cpu.reservation>=0)cpu.reservation=-1;return ${Cold.NEXT};}` +
        `${SYNC}if(!cpu.storeSlow(va,${sem.size},F[r2],F[r2+1])){${trapped}}return cpu.stop!==${Stop.NONE}?${Cold.STOP}:${Cold.REFETCH};}`;
    case Kind.FP: return `if(!fpExec(cpu,rd,r1,r2,imm)){${illegal()}}return ${Cold.NEXT};`;
    case Kind.SYSTEM: return systemCase(op);
    default: throw new Error(`interp: op ${op} has a hot form`);
  }
}

/** Privileged and system ops (no expression: interpreter only). */
function systemCase(op: Op): string {
  const notS = (bit: number): string => `cpu.priv===${Priv.U}||(cpu.priv===${Priv.S}&&(cpu.csr.mstatus&${bit})!==0)`;
  const trapped = `return ${Cold.TRAPPED};`;
  switch (op) {
    // Decoded and translated code is dropped by every store to its physical page (and by host
    // writes through Bus.codeWritten), so instruction fetch is always coherent.
    case Op.FENCE_I: return `return ${Cold.NEXT};`;
    case Op.SFENCE_VMA:
      return `if(${notS(MS.TVM)}){${illegal()}}if(r1===0)cpu.flushTranslated();else cpu.flushTlbPage(x[r1+1]*${TWO32}+(x[r1]>>>0));` +
        `cpu.stop=${Stop.SYNC};return ${Cold.STOP};`;
    case Op.ECALL:
      return `${SYNC}cpu.trap(cpu.priv===${Priv.U}?${Cause.ECALL_U}:cpu.priv===${Priv.S}?${Cause.ECALL_S}:${Cause.ECALL_M},false,0,0);${trapped}`;
    case Op.EBREAK:
      return `${SYNC}if(cpu.onEbreak!==null&&cpu.priv!==${Priv.U}&&cpu.onEbreak(pc))return ${Cold.STOP};` +
        `cpu.trap(${Cause.BREAKPOINT},false,pc%${TWO32},Math.floor(pc/${TWO32}));${trapped}`;
    case Op.MRET: return `if(cpu.priv!==${Priv.M}){${illegal()}}cpu.mret();return ${Cold.JUMPED};`;
    case Op.SRET:
      // commit first: the exact cycle for onSret
      return `if(${notS(MS.TSR)}){${illegal()}}cpu.commit(count);cpu.sret();return ${Cold.JUMPED};`;
    case Op.WFI: return `if(${notS(MS.TW)}){${illegal()}}cpu.stop=${Stop.WFI};return ${Cold.STOP};`;
    case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI:
      return `${SYNC}if(!cpu.csrOp(${op},rd,r1>>1,imm,pc,count)){${trapped}}return cpu.stop!==${Stop.NONE}?${Cold.STOP}:${Cold.NEXT};`;
    case Op.ILLEGAL: return `${SYNC}cpu.trap(${Cause.ILLEGAL},false,imm,0);${trapped}`;
    default: // A extension
      return `${SYNC}if(!cpu.amo(${op},rd,r1>>1,r2>>1,count)){${trapped}}return cpu.stop!==${Stop.NONE}?${Cold.STOP}:${Cold.REFETCH};`;
  }
}

/** Build the interpreter loop (see the module comment). */
export function makeRun(): RunFn {
  let cases = '', coldCases = '';
  for (let op = 0; op < Op.COUNT; op++) {
    const hot = hotCase(op);
    if (hot !== null) cases += `case ${op}:${hot}`;
    else coldCases += `case ${op}:${coldCase(op)}`;
  }
  // Cold ops run out of line: the loop keeps only what ordinary code executes, so V8 optimises
  // it sooner, deoptimises it less (a never-run case has no type feedback) and compiles it faster.
  const coldSrc = `"use strict";const x=cpu.x,r8=cpu.bus.ram,r16=cpu.bus.ram16,r32=cpu.bus.ram32;
const rd=(w>>>7)&0x3e,r1=(w>>>13)&0x3e,r2=(w>>>19)&0x3e;
switch(w&0x7f){${coldCases}}
throw new Error('interp: no case for op '+(w&0x7f));`;
const src = `"use strict";
const x=cpu.x,bus=cpu.bus,ram8=bus.ram,ram16=bus.ram16,ram32=bus.ram32,r8=ram8,r16=ram16,r32=ram32;
const tagR=cpu.tagR,tagW=cpu.tagW,ramR=cpu.ramR,ramW=cpu.ramW,tmp=cpu.tmp;
let pc=cpu.pc,count=0,page=EMPTY,pageBase=NaN;
const blk=cpu.blocks;
const BM=cpu.blockMask;
let bi=cpu.blockEnd,bStart=pc,bCount=0;
cpu.blockStart=bi;
let jpage=cpu.fetchJit,hpage=cpu.fetchHot,entry=true;
const pol=cpu.translation,thresh=pol.threshold(cpu.jitThreshold,cpu.instret),st=cpu.chainState;
const env=cpu.chainEnv;
cpu.stop=${Stop.NONE};cpu.batchCommitted=0;cpu.batchSeq++;
while(count<n){
  let rel=pc-pageBase;
  if(!(rel>=0&&rel<4096)){
    cpu.pc=pc;cpu.commit(count);
    const p=cpu.fetchPage(pc);
    if(p===null){pc=cpu.pc;pageBase=NaN;break;}
    page=p;pageBase=cpu.fetchBase;rel=pc-pageBase;jpage=cpu.fetchJit;hpage=cpu.fetchHot;entry=true;
  }
  if(entry&&thresh>0){
    entry=false;
    {
      const js=rel>>1;
      let jb=jpage[js];
      if(jb===undefined&&++hpage[js]>=thresh){jb=pol.request(cpu.instret,cpu.fetchRamOff,pageBase,pc,cpu.jitThreshold);if(jb===undefined)hpage[js]=0;else jpage[js]=jb;}
      if(jb!==undefined&&jb!==null&&jb.base===pageBase&&count+jb.n<=n){
        st[${St.COUNT}]=count;st[${St.BI}]=bi;st[${St.BSTART}]=bStart;st[${St.BCOUNT}]=bCount;
        runChain(env,jb,jpage,pageBase,n,st);
        count=st[${St.COUNT}];bi=st[${St.BI}];bStart=st[${St.BSTART}];bCount=st[${St.BCOUNT}];pc=st[${St.PC}];entry=st[${St.NOJIT}]===0;
        continue;
      }
    }
  }
  const slot=rel&~1;
  let w=page[slot],imm;
  if(w===0){
    cpu.pc=pc;cpu.commit(count);
    w=cpu.decodeAt(pc,page,slot);
    if(w===0){pc=cpu.pc;pageBase=NaN;break;}
    imm=page[slot]===0?cpu.uncachedImm:page[slot+1];
  }else imm=page[slot+1];
  const rd=(w>>>7)&0x3e,r1=(w>>>13)&0x3e,r2=(w>>>19)&0x3e;
  const len=(w&${1 << 25})!==0?2:4;
  let npc=pc+len;
  switch(w&0x7f){${cases}
  default:{
    entry=true;
    const c=cold(cpu,w,imm,pc,count);
    if(c!==${Cold.NEXT}){
      pageBase=NaN;
      if(c>=${Cold.TRAPPED}){if(c===${Cold.JUMPED})count++;pc=cpu.pc;n=0;continue;}
      if(c===${Cold.STOP})n=0;
    }
  }}
  x[0]=0;x[1]=0;
  if(npc!==pc+len){
    blk[bi]=bStart;blk[bi+1]=count+1-bCount;bi=(bi+2)&BM;
    bStart=npc;bCount=count+1;
  }
  pc=npc;count++;
}
if(count>bCount){blk[bi]=bStart;blk[bi+1]=count-bCount;bi=(bi+2)&BM;}
cpu.blockEnd=bi;
cpu.pc=pc;cpu.commit(count);
return count;`;
  const make = new Function('A', 'fpExec', 'runChain', 'EMPTY',
    `const cold=function cold(cpu,w,imm,pc,count){${coldSrc}};return function run(cpu,n){${src}}`) as
    (a: typeof A, fp: typeof fpExec, rc: typeof runChain, empty: Int32Array) => RunFn;
  return make(A, fpExec, runChain, new Int32Array(0));
}
