/**
 * Packed system images: recognise them, boot the kernel model, and adapt the kernel to what
 * the recorder and inspectors need (boot-time events, checkpoints, a KernelView). Importing
 * this module registers the booter with emulator/boot.ts.
 */
import { registerSystemBooter, type BootedKernel, type KernelBootOptions, type KernelProfileInfo } from './boot.js';
import type { Machine } from './machine.js';
import type { KernelObserver } from './observer.js';
import type { CapView, KernelView, QueueView, ThreadView } from './kernel-view.js';
import { isSystemImage, readSystemImage } from './kernel/image.js';
import { bootSystem } from './kernel/loader.js';
import type { Kernel } from './kernel/kernel.js';
import type { KernelState } from './kernel/snapshot.js';
import type { CNodeObj, Cap } from './kernel/objects.js';
import { parseElf } from './elf/elf-reader.js';
import { SymbolTable } from './elf/symbols.js';

const CAP_NAMES: Record<number, string> = {
  0: 'null', 1: 'frame', 2: 'untyped', 3: 'page_table', 4: 'endpoint', 6: 'notification', 8: 'reply', 10: 'cnode',
  11: 'asid_control', 12: 'thread', 13: 'asid_pool', 14: 'irq_control', 16: 'irq_handler', 18: 'zombie', 20: 'domain',
  22: 'sched_context', 24: 'sched_control',
};
type ObserverEvent = { [K in keyof KernelObserver]-?: [K, Parameters<NonNullable<KernelObserver[K]>>[0]] }[keyof KernelObserver];

/** Kernel wrapper: forwards events to whoever observes, buffering those emitted during boot. */
export class SystemKernel implements BootedKernel {
  observer?: KernelObserver;
  private booting = true;
  private readonly bootEvents: ObserverEvent[] = [];
  kernel!: Kernel;

  /** The forwarding observer handed to the kernel model. */
  readonly proxy: KernelObserver = new Proxy({}, {
    get: (_t, name: string) => (e: never) => {
      if (this.booting) { this.bootEvents.push([name, e] as unknown as ObserverEvent); return; }
      const fn = this.observer?.[name as keyof KernelObserver] as ((x: never) => void) | undefined;
      fn?.(e);
    },
  }) as KernelObserver;

  finishBoot(): void { this.booting = false; }

  /** Events the kernel reported while booting (object creation, first schedule), in order. */
  takeBootEvents(): ObserverEvent[] { return this.bootEvents.splice(0); }

  snapshot(): unknown { return this.kernel.snapshot(); }
  restore(state: unknown): void { this.kernel.restore(state as KernelState); }

  profile(): KernelProfileInfo { return { plic: this.kernel.s.plic, costs: { ...this.kernel.costs } }; }

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
        threads.push({
          id: o.id, name: o.name, priority: o.priority, state: k.threadStateName(o),
          blockedOn: o.blockingObject !== 0 && o.state !== 1 /* Running */ ? o.blockingObject : null,
          scId: o.sc === 0 ? null : o.sc, budgetLeftUs, nextReplenishUs,
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

function bootPacked(machine: Machine, image: Uint8Array, name: string, opts: KernelBootOptions): { kernel: SystemKernel; symbols: [string, number, number][] } {
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

registerSystemBooter(isSystemImage, bootPacked);
