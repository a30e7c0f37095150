/**
 * FPU context switching the way seL4 does it on RISC-V (seL4 13: include/machine/fpu.h
 * `lazyFPURestore`, src/machine/fpu.c `switchLocalFpuOwner`/`fpuRelease`,
 * include/arch/riscv/arch/machine/fpu.h `saveFpuState`/`loadFpuState`/`set_tcb_fs_state`).
 *
 * The hart's f registers and fcsr belong to one thread at a time, the FPU owner. Whenever a
 * thread is about to run:
 * - if its TCB has seL4_TCBFlag_fpuDisabled, the FPU is disabled (mstatus.FS = Off): its FP
 *   instructions raise illegal instruction, delivered as a user exception fault;
 * - else if it owns the FPU, the FPU is enabled (FS = Clean);
 * - else the owner's f0–f31 and fcsr are saved into its TCB, this thread's are loaded, it
 *   becomes the owner, and the FPU is enabled (FS = Clean).
 * So state moves only when a different FP-enabled thread runs; deleting a TCB that owns the
 * FPU releases it (seL4 `fpuRelease`).
 */
import { MS } from '../cpu/csr-file.js';
import type { Kernel } from './kernel.js';
import type { TcbObj } from './objects.js';

/** seL4_TCBFlag_fpuDisabled (TCB SetFlags). */
export const TCB_FLAG_FPU_DISABLED = 1;
const FS_CLEAN = 2 << 13;

/** seL4 switchLocalFpuOwner: save the current owner's state, load the new owner's (0 = none). */
function switchLocalFpuOwner(k: Kernel, next: TcbObj | null): void {
  const cpu = k.machine.cpu;
  if (k.s.fpuOwner !== 0) {
    const o = k.tcb(k.s.fpuOwner);
    o.fpuRegs.set(cpu.f);
    o.fcsr = cpu.csr.fcsr;
  }
  if (next !== null) {
    cpu.f.set(next.fpuRegs);
    cpu.csr.fcsr = next.fcsr;
  }
  k.s.fpuOwner = next === null ? 0 : next.id;
}

/** seL4 lazyFPURestore + set_tcb_fs_state, for thread t about to return to user mode. */
export function fpuRestore(k: Kernel, t: TcbObj): void {
  const c = k.machine.cpu.csr;
  if ((t.flags & TCB_FLAG_FPU_DISABLED) !== 0) {
    c.mstatus &= ~MS.FS;
    return;
  }
  if (k.s.fpuOwner !== t.id) switchLocalFpuOwner(k, t);
  c.mstatus = (c.mstatus & ~MS.FS) | FS_CLEAN;
}

/** seL4 fpuRelease: a deleted thread no longer owns the FPU (its state is saved and dropped). */
export function fpuRelease(k: Kernel, t: TcbObj): void {
  if (k.s.fpuOwner === t.id) switchLocalFpuOwner(k, null);
}
