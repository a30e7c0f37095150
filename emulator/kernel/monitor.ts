/**
 * The Microkit monitor, modelled inside the kernel instead of as a guest PD.
 *
 * In Microkit the monitor is a priority-255 thread waiting on the endpoint every PD's fault
 * endpoint cap (badge = PD index + 1) and passive PD's MONITOR_EP cap point to. Here that
 * endpoint is flagged `monitor`: a message to it is taken at once (the monitor is always
 * waiting), and the monitor's reaction runs at the end of the same kernel entry — exactly
 * when the real monitor, the highest-priority thread, would run — in zero guest time:
 *  - label 0 from a passive PD: unbind the PD's scheduling context from its TCB and bind it
 *    to the PD's notification (SchedContext_UnbindObject + SchedContext_Bind);
 *  - a fault: print a monitor-style report on the console and leave the PD stopped (the real
 *    monitor never replies; its next Recv on the same reply object makes the PD inactive: seL4
 *    receiveIPC finds the reply object still linked, says "Reply object already has unexecuted
 *    reply!" and cancelIPC → reply_remove_tcb → reply_unlink sets the faulter Inactive. It is
 *    BlockedOnReply only until then, which here is the same kernel entry).
 */
import { FaultType, TS, USER_CONTEXT_REGS, Reg } from './abi.js';
import type { Kernel } from './kernel.js';
import type { TcbObj } from './objects.js';
import { faultWords, causeName } from './faults.js';
import { getMR, infoFromReg } from './ipc.js';
import { setThreadState } from './scheduler.js';
import { schedContextBindNtfn, schedContextUnbindTCB } from './sched-context.js';

const hex64 = (v: bigint | number): string => `0x${BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0')}`;
const hex32 = (v: bigint | number): string => `0x${BigInt.asUintN(32, BigInt(v)).toString(16).padStart(8, '0')}`;

const REG_NAMES = [
  'pc', 'ra', 'sp', 'gp', 's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11',
  'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 'tp',
];

/** A thread sent to the monitor endpoint (called from sendIPC). */
export function monitorReceive(k: Kernel, sender: TcbObj, badge: bigint, doCall: boolean): void {
  const isFault = sender.fault !== null;
  let label: bigint;
  let mrs: bigint[];
  if (isFault) {
    label = BigInt((sender.fault as { type: number }).type);
    mrs = faultWords(k, sender);
  } else {
    const info = infoFromReg(sender, Reg.a1);
    const buf = k.ipcBuffer(sender, false);
    label = BigInt(info.label);
    mrs = [];
    for (let i = 0; i < info.length; i++) mrs.push(getMR(k, sender, buf, i));
  }
  k.s.monitorWork.push({ tcb: sender.id, badge, label, mrs, isFault });
  k.observer?.onIpc?.({
    cycle: k.now(), transfer: isFault ? 'fault' : doCall ? 'call' : 'send', sender: sender.id, receiver: 0, endpoint: null,
    badge: badge.toString(), label: label.toString(), length: mrs.length, caps: 0,
  });
  if (isFault || doCall) {
    // The monitor never replies: the sender stays stopped.
    sender.fault = null;
    setThreadState(k, sender, TS.Inactive);
  }
}

/** Do the monitor's queued work (once per kernel entry, before scheduling). */
export function runMonitor(k: Kernel): void {
  const work = k.s.monitorWork;
  if (work.length === 0) return;
  k.s.monitorWork = [];
  for (const w of work) {
    const pd = k.s.monitorPds.find((p) => p.badge === w.badge);
    if (!w.isFault && w.label === 0n && pd !== undefined) {
      const sc = k.sc(pd.sc);
      if (sc.tcb !== 0 && sc.tcb === pd.tcb) schedContextUnbindTCB(k, sc);
      if (sc.ntfn === 0 && k.ntfn(pd.ntfn).sc === 0) schedContextBindNtfn(sc, k.ntfn(pd.ntfn));
      continue;
    }
    reportFault(k, w.tcb, w.badge, w.label, w.mrs, pd?.name ?? null);
  }
}

function reportFault(k: Kernel, tcbId: number, badge: bigint, label: bigint, mrs: bigint[], pdName: string | null): void {
  const t = k.tcb(tcbId);
  const mr = (i: number): bigint => mrs[i] ?? 0n;
  let out = `MON|ERROR: received message ${hex32(label)}  badge: ${hex64(badge)}  tcb cap: ${hex64(tcbId)}\n`;
  out += pdName !== null ? `MON|ERROR: faulting PD: ${pdName}\n` : `MON|ERROR: unknown/invalid badge\n`;
  out += 'Registers: \n';
  USER_CONTEXT_REGS.forEach((r, i) => { out += `${REG_NAMES[i]} : ${hex64(k.getCtxReg(t, r))}\n`; });
  switch (Number(label)) {
    case FaultType.Cap: {
      const types = ['seL4_NoFailure', 'seL4_InvalidRoot', 'seL4_MissingCapability', 'seL4_DepthMismatch', 'seL4_GuardMismatch'];
      const lft = Number(mr(3));
      out += `MON|ERROR: CapFault: ip=${hex64(mr(0))}  fault_addr=${hex64(mr(1))}  in_recv_phase=${mr(2) === 0n ? 'false' : 'true'}` +
        `  lookup_failure_type=${types[lft] ?? hex64(lft)}`;
      if (lft >= 2) out += `  bits_left=${hex64(mr(4))}`;
      if (lft === 3) out += `  depth_bits_found=${hex64(mr(5))}`;
      if (lft === 4) out += `  guard_found=${hex64(mr(5))}  guard_bits_found=${hex64(mr(6))}`;
      out += '\n';
      break;
    }
    case FaultType.UserException:
      out += `MON|ERROR: UserException: ip=${hex64(mr(0))}  sp=${hex64(mr(1))}  number=${hex64(mr(2))}  code=${hex64(mr(3))}` +
        `  (${causeName(Number(mr(2)))})\n`;
      break;
    case FaultType.UnknownSyscall:
      out += `MON|ERROR: UnknownSyscall: ip=${hex64(mr(0))}  syscall=${BigInt.asIntN(64, mr(10))}\n`;
      break;
    case FaultType.VM: {
      const fsr = Number(mr(3));
      out += `MON|ERROR: VMFault: ip=${hex64(mr(0))}  fault_addr=${hex64(mr(1))}  fsr=${hex64(fsr)}  ` +
        `${mr(2) !== 0n ? '(instruction fault)' : '(data fault)'}\n`;
      out += `MON|ERROR:    description: ${causeName(fsr)}\n`;
      break;
    }
    default:
      out += 'MON|ERROR: Unknown fault\n';
  }
  k.print(out);
  // The real monitor prints this at priority 255, one seL4_DebugPutChar per character, on its own
  // scheduling context: that time passes before the next thread is chosen and is billed to
  // nobody modelled (not to the thread that runs after the report, as plain kernel time would be).
  const printing = out.length * k.costs.monitorReportPerChar;
  k.entry.extra += printing;
  k.s.curTime += printing;
}
