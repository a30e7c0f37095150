/**
 * Packed system images: recognise them, boot the kernel model, and adapt it to the one
 * interface the tools use (emulator/kernel-api.ts): boot-time events, snapshots, a KernelView.
 */
import type { Machine } from './machine.js';
import type { KernelObserver } from './observer.js';
import { deliverEvent, KernelHook, type BootedKernel, type KernelBootOptions, type KernelEvent, type KernelProfileInfo, type KernelSnapshot } from './kernel-api.js';
import type { CapView, KernelView, QueueView, ThreadContext, ThreadView } from './kernel-view.js';
import { isSystemImage, readSystemImage } from './kernel/image.js';
import { bootSystem } from './kernel/loader.js';
import type { Kernel } from './kernel/kernel.js';
import type { CNodeObj, Cap } from './kernel/objects.js';
import { parseElf } from './elf/elf-reader.js';
import { SymbolTable } from './elf/symbols.js';

export { isSystemImage };

const CAP_NAMES: Record<number, string> = {
  0: 'null', 1: 'frame', 2: 'untyped', 3: 'page_table', 4: 'endpoint', 6: 'notification', 8: 'reply', 10: 'cnode',
  11: 'asid_control', 12: 'thread', 13: 'asid_pool', 14: 'irq_control', 16: 'irq_handler', 18: 'zombie', 20: 'domain',
  22: 'sched_context', 24: 'sched_control',
};
/** Kernel wrapper: forwards events to whoever observes, buffering those emitted during boot. */
export class SystemKernel implements BootedKernel {
  private observer: KernelObserver | undefined;
  private booting = true;
  private bootEvents: KernelEvent[] = [];
  kernel!: Kernel;

  private emit(ev: KernelEvent): void {
    if (this.booting) this.bootEvents.push(ev);
    else if (this.observer !== undefined) deliverEvent(this.observer, ev);
  }

  /** The forwarding observer handed to the kernel model. */
  readonly proxy: Required<KernelObserver> = {
    onSyscall: (e) => this.emit({ hook: KernelHook.Syscall, e }), onCapOp: (e) => this.emit({ hook: KernelHook.CapOp, e }),
    onSchedule: (e) => this.emit({ hook: KernelHook.Schedule, e }), onThreadState: (e) => this.emit({ hook: KernelHook.ThreadState, e }),
    onIpc: (e) => this.emit({ hook: KernelHook.Ipc, e }), onSignal: (e) => this.emit({ hook: KernelHook.Signal, e }),
    onIrq: (e) => this.emit({ hook: KernelHook.Irq, e }), onFault: (e) => this.emit({ hook: KernelHook.Fault, e }),
    onBudget: (e) => this.emit({ hook: KernelHook.Budget, e }), onObject: (e) => this.emit({ hook: KernelHook.Object, e }),
    onKernelEntry: (e) => this.emit({ hook: KernelHook.KernelEntry, e }),
  };

  /**
   * Boot is over: from here the kernel model talks to the attached observer directly, and with
   * none attached it builds no event at all (an untraced run pays nothing for observation).
   */
  finishBoot(): void {
    this.booting = false;
    this.kernel.observer = this.observer;
  }

  attachObserver(o: KernelObserver | undefined): void {
    this.observer = o;
    if (!this.booting) this.kernel.observer = o;
    if (o === undefined) return;
    const boot = this.bootEvents;
    this.bootEvents = [];
    for (const ev of boot) deliverEvent(o, ev);
  }

  snapshot(): KernelSnapshot { return this.kernel.snapshot(); }
  restore(state: KernelSnapshot): void { this.kernel.restore(state); }

  profile(): KernelProfileInfo { return { plic: this.kernel.s.plic, costs: { ...this.kernel.costs } }; }

  threadRegisters(id: number): bigint[] | null {
    const o = this.kernel.s.objects[id];
    if (o === null || o === undefined || o.kind !== 'tcb') return null;
    const out: bigint[] = [0n];
    for (let r = 1; r < 32; r++) out.push(BigInt.asUintN(64, this.kernel.threadReg(id, r)));
    return out;
  }

  threadContext(id: number): ThreadContext | null {
    const o = this.kernel.s.objects[id];
    if (o === null || o === undefined || o.kind !== 'tcb' || !o.live) return null;
    const owner = this.kernel.s.fpuOwner === id, cpu = this.kernel.machine.cpu;
    return {
      x: o.regs.slice(), pc: o.nextIP, vspaceRoot: this.kernel.vspaceRoot(o),
      f: owner ? cpu.f.slice() : o.fpuRegs.slice(), fcsr: owner ? cpu.csr.fcsr : o.fcsr,
    };
  }

  currentThread(): number | null { return this.kernel.machine.idle ? null : this.kernel.currentThread(); }

  inspect(): KernelView {
    const k = this.kernel;
    const cpus = k.cyclesPerUs;
    const threads: ThreadView[] = [];
    const objects: QueueView[] = [];
    for (const o of k.s.objects) {
      if (o === null || !o.live) continue;
      if (o.kind === 'tcb') {
        let budgetLeftUs: number | null = null, nextReplenishUs: number | null = null;
        if (o.sc !== 0) {
          const sc = k.sc(o.sc);
          if (sc.refillMax > 0 && sc.rAmount.length > 0) {
            budgetLeftUs = Math.round(sc.rAmount[0] / cpus);
            const now = k.now();
            const next = sc.rTime.find((t) => t > now);
            nextReplenishUs = next === undefined ? null : Math.round(next / cpus);
          }
        }
        const on = k.blockedOn(o);
        threads.push({
          id: o.id, name: o.name, priority: o.priority, state: k.threadStateName(o),
          blockedOn: on === 0 ? null : on, blockedOnName: on === 0 ? null : (k.s.objects[on]?.name ?? null),
          scId: o.sc === 0 ? null : o.sc, scName: o.sc === 0 ? null : k.sc(o.sc).name, budgetLeftUs, nextReplenishUs,
          pc: o.id === k.currentThread() && !k.machine.idle ? k.machine.cpu.pc : o.nextIP,
          cspace: this.cspace(o.slots[0]),
        });
      } else if (o.kind === 'endpoint') {
        objects.push({ id: o.id, kind: 'endpoint', name: o.name, queue: [...o.queue], state: ['idle', 'send', 'recv'][o.state] });
      } else if (o.kind === 'notification') {
        objects.push({ id: o.id, kind: 'notification', name: o.name, queue: [...o.queue], word: `0x${o.word.toString(16)}`, state: ['idle', 'waiting', 'active'][o.state] });
      }
    }
    return { current: k.machine.idle ? null : k.currentThread(), threads, objects };
  }

  /** Caps reachable from a thread's CSpace root (root slots, and one level of nested CNodes). */
  private cspace(root: Cap | null): CapView[] {
    if (root === null || root.type !== 10) return [];
    const out: CapView[] = [];
    const walk = (c: CNodeObj, prefix: number, depth: number): void => {
      c.slots.forEach((cap, i) => {
        if (cap === null || cap.type === 0) return;
        const slot = prefix + i;
        if (cap.type === 10 && depth === 0 && cap.obj !== c.id) { walk(this.kernel.cnode(cap.obj), 0, 1); return; }
        out.push({
          slot, type: CAP_NAMES[cap.type] ?? `type ${cap.type}`, object: cap.obj === 0 ? null : cap.obj,
          badge: `0x${cap.badge.toString(16)}`, rights: (cap.rights & 2 ? 'R' : '-') + (cap.rights & 1 ? 'W' : '-') + (cap.rights & 4 ? 'G' : '-') + (cap.rights & 8 ? 'P' : '-'),
        });
      });
    };
    walk(this.kernel.cnode(root.obj), 0, 0);
    return out;
  }
}

/** Boot a packed system image (see isSystemImage) into `machine`. */
export function bootPacked(machine: Machine, image: Uint8Array, name: string, opts: KernelBootOptions = {}): { kernel: SystemKernel; symbols: [string, number, number][] } {
  const img = readSystemImage(image, name);
  const wrapper = new SystemKernel();
  wrapper.kernel = bootSystem(machine, img.desc, img.programs, { observer: wrapper.proxy, plic: opts.plic });
  wrapper.finishBoot();
  // Symbols of every PD, prefixed by PD name (PDs share link addresses).
  const symbols: [string, number, number][] = [];
  for (const pd of img.desc.pds) {
    const bytes = img.programs.get(pd.name);
    if (bytes === undefined) continue;
    for (const s of SymbolTable.fromImage(parseElf(bytes, pd.name)).entries()) symbols.push([`${pd.name}:${s.name}`, s.value, s.size]);
  }
  return { kernel: wrapper, symbols };
}
