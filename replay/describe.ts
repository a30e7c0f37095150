/** One-line human descriptions of trace events (CLI listings, TUI event pane). */
import { addrHex0x } from '../emulator/addr.js';
import type { TraceEvent } from '../tracer/schema.js';

const CAUSES: Record<number, string> = {
  0: 'misaligned fetch', 1: 'fetch access fault', 2: 'illegal instruction', 3: 'breakpoint', 4: 'misaligned load',
  5: 'load access fault', 6: 'misaligned store', 7: 'store access fault', 8: 'ecall from U', 9: 'ecall from S',
  11: 'ecall from M', 12: 'fetch page fault', 13: 'load page fault', 15: 'store page fault',
};
const IRQS: Record<number, string> = { 1: 'S software', 3: 'M software', 5: 'S timer', 7: 'M timer', 9: 'S external', 11: 'M external' };

export function causeName(cause: number, interrupt: boolean): string {
  return (interrupt ? IRQS[cause] ? `${IRQS[cause]} interrupt` : `interrupt ${cause}` : CAUSES[cause]) ?? `cause ${cause}`;
}

const hex = (n: number): string => addrHex0x(n);
/** Badges are 64-bit words recorded as decimal strings; shown in hex like the kernel pane's. */
const badge = (b: string): string => { try { return `0x${BigInt(b).toString(16)}`; } catch { return b; } };
const t = (id: number | null, names?: (id: number) => string): string => id === null ? '-' : names ? names(id) : `T${id}`;

/**
 * What a fault's recorded word means depends on its type (emulator/kernel/faults.ts faultAddr):
 * the address of a VMFault or CapFault, the number of an UnknownSyscall, a Timeout's SC badge;
 * other faults record 0, which is no address.
 */
function faultDetail(type: string, word: string | null): string {
  if (word === null || !/^-?\d+$/.test(word)) return word === null ? '' : ` ${word}`;
  const w = BigInt.asUintN(64, BigInt(word));
  switch (type) {
    case 'VMFault': return ` addr 0x${w.toString(16)}`;
    case 'CapFault': return ` cptr 0x${w.toString(16)}`;
    case 'UnknownSyscall': return ` syscall ${BigInt.asIntN(64, w)}`;
    case 'Timeout': return ` sc badge 0x${w.toString(16)}`;
    default: return '';
  }
}

/** Describe an event; `names` maps thread/object ids to names when known. */
export function describeEvent(e: TraceEvent, names?: (id: number) => string): string {
  switch (e.kind) {
    case 'uart': return `console ${JSON.stringify(String.fromCharCode(e.byte))}`;
    case 'syscall': return `${t(e.thread, names)} ${e.name}(cap ${e.cptr}, info ${e.info})${e.result !== undefined && e.result !== null ? ` → ${e.result}` : ''} at ${hex(e.pc)}`;
    case 'capop': return `${t(e.thread, names)} cap ${e.op}${e.error ? ` failed (error ${e.error})` : ''}${e.badge !== '0' ? ` badge ${badge(e.badge)}` : ''}`;
    case 'schedule': return `switch ${t(e.from, names)} → ${t(e.to, names)} (${e.reason})`;
    case 'thread_state': return `${t(e.thread, names)} ${e.state}${e.object !== null ? ` on ${t(e.object, names)}` : ''}`;
    case 'ipc': return `${e.transfer} ${t(e.sender, names)} → ${t(e.receiver, names)} label ${e.label} len ${e.length} badge ${badge(e.badge)}`;
    case 'signal': return `signal ${t(e.notification, names)} badge ${badge(e.badge)}${e.woke !== null ? ` wakes ${t(e.woke, names)}` : ''}`;
    case 'irq': return `irq ${e.irq} ${e.phase}${e.thread !== null ? ` → ${t(e.thread, names)}` : ''}`;
    case 'fault': return `${t(e.thread, names)} ${e.type} fault at ${hex(e.pc)}${faultDetail(e.type, e.addr)}${e.handled ? '' : ' (unhandled)'}`;
    case 'budget': return `sc ${t(e.sc, names)} ${e.change} ${e.amount} (left ${e.remaining})${e.thread !== null ? ` ${t(e.thread, names)}` : ''}`;
    case 'object': return `created ${e.type} ${e.name} (#${e.id})`;
    case 'trap': return `${causeName(e.cause, e.interrupt)} at ${hex(e.pc)} (priv ${'USHM'[e.priv]}, tval 0x${BigInt(e.tval).toString(16)})`;
    case 'kernel': return `kernel entry ${e.entry} from ${t(e.thread, names)}: ${e.cost} cycles`;
    case 'exit': return `run ended: ${e.stop}${e.stop === 'exit' ? ` code ${e.code}` : ''}${e.reason ? ` (${e.reason})` : ''}`;
  }
}
