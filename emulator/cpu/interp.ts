/**
 * The interpreter loop (`Cpu.run`), generated once at start-up: its big `switch` has one case
 * per executor op, built from the instruction templates in semantics.ts (the block translator
 * splices the same templates, see jit.ts). Privileged/system ops, which have no template, are
 * written here directly; they call the hart's trap, CSR, xRET and AMO methods.
 *
 * Loop state: `pc`, `count` (instructions retired in this batch), the decoded page `page` at
 * `pageBase`, and the current straight-line block (`bStart`, `bCount`) for the block records.
 * Anything that traps sets `cpu.pc`, commits the exact cycle count first, and restarts the
 * fetch (`pageBase = NaN`); anything that may change interrupt or translation state sets
 * `n = 0` so the batch ends after it.
 */
import { Op } from './isa.js';
import { SEM, Kind, effAddr, extend, rawRead, rawWrite, type Operands } from './semantics.js';
import type { Cpu } from './cpu.js';
import { Stop, Cause, Priv, BLOCK_RING } from './hart-enums.js';
import { MS } from './csr-file.js';
import * as A from './arith64.js';
import { compileBlock } from './jit.js';
import { runChain, St } from './chain.js';
import { fpExec } from './fpu.js';

const TWO32 = 4294967296;

/** `Cpu.run`'s body as a function of the hart. */
export type RunFn = (cpu: Cpu, n: number) => number;

/** Operands as the interpreter decodes them (doubled register indices r1, r2, rd; imm; pc). */
const OPERANDS: Operands = {
  s1lo: 'x[r1]', s1hi: 'x[r1+1]', s2lo: 'x[r2]', s2hi: 'x[r2+1]',
  imm: 'imm', immHi: '(imm>>31)', pc: 'pc', npc: 'npc',
  // x0 is written like any register and cleared after every instruction. The low half is
  // stored first, so a high half that reads a source's low half (rd may be that source) waits
  // in a temporary.
  set: (lo, hi) => (/x\[r[12]\]/.test(hi) ? `{const l=${lo},h=${hi};x[rd]=l;x[rd+1]=h;}` : `x[rd]=${lo};x[rd+1]=${hi};`),
};

/** Restart at cpu.pc after a trap the current instruction took. */
const TRAPPED = 'pc=cpu.pc;pageBase=NaN;n=0;continue;';
/** Commit the instructions before this one (exact time for traps, devices and CSRs). */
const SYNC = 'cpu.pc=pc;cpu.commit(count);';
/** Take an illegal-instruction trap (a function: cpu.ts enums are read only once modules are loaded). */
const illegal = (): string => `${SYNC}cpu.trap(${Cause.ILLEGAL},false,cpu.rawBits(pc),0);${TRAPPED}`;

/** The case body of one op. */
function caseOf(op: Op): string {
  const sem = SEM[op];
  const o = OPERANDS;
  switch (sem.kind) {
    case Kind.ALU: return `${sem.exec(o)}break;`;
    case Kind.BRANCH: return `if(${sem.cond(o)})npc=pc+imm;break;`;
    case Kind.JUMP: return `{const t=${sem.target(o)};x[rd]=npc;x[rd+1]=Math.floor(npc/${TWO32});npc=t;}break;`;
    case Kind.LOAD:
      return `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramR[ti];let lo,hi;` +
        `if(tagR[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawRead(sem.size, 'o')}}` +
        `else{${SYNC}if(!cpu.loadSlow(va,${sem.size})){${TRAPPED}}lo=tmp[0];hi=tmp[1];}` +
        `${extend(sem.size, sem.signed)}x[rd]=lo;x[rd+1]=hi;}break;`;
    case Kind.STORE:
      return `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramW[ti];` +
        `if(tagW[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawWrite(sem.size, 'o', o.s2lo, o.s2hi)}` +
        `if(cpu.reservation>=0)cpu.reservation=-1;}` +
        `else{${SYNC}if(!cpu.storeSlow(va,${sem.size},x[r2],x[r2+1])){${TRAPPED}}if(cpu.stop!==${Stop.NONE})n=0;` +
        'pageBase=NaN;}}break;'; // the store may have invalidated this code page
    case Kind.FLOAD:
      return `if((cpu.csr.mstatus&${MS.FS})===0){${illegal()}}` +
        `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramR[ti];const F=cpu.f;let lo,hi;` +
        `if(tagR[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawRead(sem.size, 'o')}}` +
        `else{${SYNC}if(!cpu.loadSlow(va,${sem.size})){${TRAPPED}}lo=tmp[0];hi=tmp[1];}` +
        `F[rd]=lo;F[rd+1]=${sem.size === 4 ? '-1' : 'hi'};cpu.csr.mstatus|=${MS.FS};}break;`;
    case Kind.FSTORE:
      return `if((cpu.csr.mstatus&${MS.FS})===0){${illegal()}}` +
        `{const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=ramW[ti];const F=cpu.f;` +
        `if(tagW[ti]===vpn&&rb>=0&&(va&${sem.size - 1})===0){const o=rb+(va&4095);${rawWrite(sem.size, 'o', 'F[r2]', 'F[r2+1]')}` +
        `if(cpu.reservation>=0)cpu.reservation=-1;}` +
        `else{${SYNC}if(!cpu.storeSlow(va,${sem.size},F[r2],F[r2+1])){${TRAPPED}}if(cpu.stop!==${Stop.NONE})n=0;pageBase=NaN;}}break;`;
    case Kind.FP: return `if(!fpExec(cpu,rd,r1,r2,imm)){${illegal()}}break;`;
    case Kind.SYSTEM: return systemCase(op);
  }
}

/** Privileged and system ops (no template: interpreter only). */
function systemCase(op: Op): string {
  const notS = (bit: number): string => `cpu.priv===${Priv.U}||(cpu.priv===${Priv.S}&&(cpu.csr.mstatus&${bit})!==0)`;
  switch (op) {
    // Decoded and translated code is dropped by every store to its physical page (and by host
    // writes through Bus.codeWritten), so instruction fetch is always coherent.
    case Op.FENCE_I: return 'break;';
    case Op.SFENCE_VMA:
      return `if(${notS(MS.TVM)}){${illegal()}}if(r1===0)cpu.flushTranslated();else cpu.flushTlbPage(x[r1+1]*${TWO32}+(x[r1]>>>0));` +
        `pageBase=NaN;cpu.stop=${Stop.SYNC};n=0;break;`;
    case Op.ECALL:
      return `${SYNC}cpu.trap(cpu.priv===${Priv.U}?${Cause.ECALL_U}:cpu.priv===${Priv.S}?${Cause.ECALL_S}:${Cause.ECALL_M},false,0,0);${TRAPPED}`;
    case Op.EBREAK: return `${SYNC}cpu.trap(${Cause.BREAKPOINT},false,pc%${TWO32},Math.floor(pc/${TWO32}));${TRAPPED}`;
    case Op.MRET: return `if(cpu.priv!==${Priv.M}){${illegal()}}cpu.mret();count++;${TRAPPED}`;
    case Op.SRET:
      // commit first: the exact cycle for onSret
      return `if(${notS(MS.TSR)}){${illegal()}}cpu.commit(count);cpu.sret();count++;${TRAPPED}`;
    case Op.WFI: return `if(${notS(MS.TW)}){${illegal()}}cpu.stop=${Stop.WFI};n=0;break;`;
    case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI:
      return `${SYNC}if(!cpu.csrOp(${op},rd,r1>>1,imm,cpu.rawBits(pc),count)){${TRAPPED}}if(cpu.stop!==${Stop.NONE})n=0;break;`;
    case Op.ILLEGAL: return `${SYNC}cpu.trap(${Cause.ILLEGAL},false,imm,0);${TRAPPED}`;
    default: // A extension
      return `${SYNC}if(!cpu.amo(${op},rd,r1>>1,r2>>1,count)){${TRAPPED}}if(cpu.stop!==${Stop.NONE})n=0;pageBase=NaN;break;`;
  }
}

/** Build the interpreter loop (see the module comment). */
export function makeRun(): RunFn {
  const BLOCK_MASK = BLOCK_RING * 2 - 1;
  let cases = '';
  for (let op = 0; op < Op.COUNT; op++) cases += `case ${op}:${caseOf(op)}`;
  const src = `"use strict";
const x=cpu.x,bus=cpu.bus,ram8=bus.ram,ram16=bus.ram16,ram32=bus.ram32,r8=ram8,r16=ram16,r32=ram32;
const tagR=cpu.tagR,tagW=cpu.tagW,ramR=cpu.ramR,ramW=cpu.ramW,tmp=cpu.tmp;
let pc=cpu.pc,count=0,page=EMPTY,pageBase=NaN;
const blk=cpu.blocks;
let bi=0,bStart=pc,bCount=0;
let jpage=cpu.fetchJit,hpage=cpu.fetchHot,noJit=false;
const thresh=cpu.jitThreshold,st=cpu.chainState;
const env=cpu.chainEnv,benv=cpu.blockEnv;
cpu.stop=${Stop.NONE};cpu.batchCommitted=0;cpu.batchSeq++;
while(count<n){
  let rel=pc-pageBase;
  if(!(rel>=0&&rel<4096)){
    cpu.pc=pc;cpu.commit(count);
    const p=cpu.fetchPage(pc);
    if(p===null){pc=cpu.pc;pageBase=NaN;break;}
    page=p;pageBase=cpu.fetchBase;rel=pc-pageBase;jpage=cpu.fetchJit;hpage=cpu.fetchHot;
  }
  if(thresh>0){
    if(noJit)noJit=false;
    else{
      const js=rel>>1;
      let jb=jpage[js];
      if(jb===undefined&&++hpage[js]>=thresh){jb=compileBlock(benv,cpu.fetchRamOff,pageBase,pc);jpage[js]=jb;}
      if(jb!==undefined&&jb!==null&&jb.base===pageBase&&count+jb.n<=n){
        st[${St.COUNT}]=count;st[${St.BI}]=bi;st[${St.BSTART}]=bStart;st[${St.BCOUNT}]=bCount;
        runChain(env,jb,jpage,pageBase,n,st);
        count=st[${St.COUNT}];bi=st[${St.BI}];bStart=st[${St.BSTART}];bCount=st[${St.BCOUNT}];pc=st[${St.PC}];noJit=st[${St.NOJIT}]!==0;
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
  switch(w&0x7f){${cases}}
  x[0]=0;x[1]=0;
  if(npc!==pc+len){
    blk[bi]=bStart;blk[bi+1]=count+1-bCount;bi=(bi+2)&${BLOCK_MASK};
    bStart=npc;bCount=count+1;
  }
  pc=npc;count++;
}
if(count>bCount){blk[bi]=bStart;blk[bi+1]=count-bCount;bi=(bi+2)&${BLOCK_MASK};}
cpu.blockEnd=bi;
cpu.pc=pc;cpu.commit(count);
return count;`;
  const make = new Function('A', 'fpExec', 'compileBlock', 'runChain', 'EMPTY', `return function run(cpu,n){${src}}`) as
    (a: typeof A, fp: typeof fpExec, cb: typeof compileBlock, rc: typeof runChain, empty: Int32Array) => RunFn;
  return make(A, fpExec, compileBlock, runChain, new Int32Array(0));
}
