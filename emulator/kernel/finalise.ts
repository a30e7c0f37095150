/**
 * What happens to an object when its last capability is deleted (seL4 finaliseCap): blocked
 * threads are released, bindings are undone, contained caps are deleted, and the object is
 * marked dead (its id is never reused).
 */
import { CapType, TS } from './abi.js';
import type { Kernel } from './kernel.js';
import type { Cap } from './objects.js';
import { cancelAllIPC, cancelAllSignals, replyRemove, replyUnlink, unbindMaybeNotification, unbindNotification } from './ipc.js';
import { suspend } from './scheduler.js';
import { schedContextCompleteYieldTo, schedContextUnbindNtfn, schedContextUnbindTCB } from './sched-context.js';
import { deletingIrqHandler } from './irq.js';
import { unmapFrame } from './vspace.js';
import { cteDelete } from './cspace.js';
import { fpuRelease } from './fpu.js';

export function finaliseCap(k: Kernel, cap: Cap): void {
  switch (cap.type) {
    case CapType.Endpoint: {
      const ep = k.ep(cap.obj);
      cancelAllIPC(k, ep);
      ep.live = false;
      break;
    }
    case CapType.Notification: {
      const n = k.ntfn(cap.obj);
      unbindMaybeNotification(k, n);
      if (n.sc !== 0) schedContextUnbindNtfn(k, k.sc(n.sc));
      cancelAllSignals(k, n);
      n.live = false;
      break;
    }
    case CapType.Reply: {
      const r = k.reply(cap.obj);
      if (r.tcb !== 0) {
        const t = k.tcb(r.tcb);
        if (t.state === TS.BlockedOnReply) replyRemove(k, r, t);
        else if (t.state === TS.BlockedOnReceive) replyUnlink(k, r, t);
      }
      r.live = false;
      break;
    }
    case CapType.Thread: {
      const t = k.tcb(cap.obj);
      if (!t.live) break;
      suspend(k, t);
      fpuRelease(k, t);
      unbindNotification(k, t);
      if (t.sc !== 0) schedContextUnbindTCB(k, k.sc(t.sc));
      t.live = false;
      for (let i = 0; i < t.slots.length; i++) cteDelete(k, { obj: t.id, index: i });
      k.reportThread(t);
      break;
    }
    case CapType.SchedContext: {
      const sc = k.sc(cap.obj);
      if (sc.tcb !== 0) schedContextUnbindTCB(k, sc);
      schedContextUnbindNtfn(k, sc);
      if (sc.reply !== 0) {
        k.reply(sc.reply).next = { ptr: 0, isHead: false };
        sc.reply = 0;
      }
      if (sc.yieldFrom !== 0) schedContextCompleteYieldTo(k, k.tcb(sc.yieldFrom));
      sc.refillMax = 0;
      sc.live = false;
      break;
    }
    case CapType.CNode: {
      const c = k.cnode(cap.obj);
      if (!c.live) break;
      c.live = false; // first, so a cap to itself inside does not recurse
      for (let i = 0; i < c.slots.length; i++) if (c.slots[i] !== null) cteDelete(k, { obj: c.id, index: i });
      break;
    }
    case CapType.IrqHandler:
      deletingIrqHandler(k, cap.irq);
      break;
    case CapType.Frame:
      unmapFrame(k, cap);
      break;
    default:
      break;
  }
}
