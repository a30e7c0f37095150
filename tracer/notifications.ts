/**
 * What kernel events say about notifications and receives, for the readers that follow signals
 * to the thread that takes them: the index's irqs table (index-derived.ts) and the deadline
 * analysis (replay/analysis/jobs.ts).
 */
import type { TraceEvent } from './schema.js';

/** Syscalls that wait for the next message / signal (the Microkit event loop's receive). */
export const RECEIVE_SYSCALLS: ReadonlySet<string> = new Set(['Recv', 'ReplyRecv', 'Wait', 'NBSendRecv', 'NBSendWait']);

/**
 * Whose notification an event shows, as [notification, thread], or null. Microkit has one PD per
 * notification: the loader names its owner, and so does a thread it wakes, one blocking on it
 * or one an IRQ is delivered to through it.
 */
export function notificationOwnerFact(e: TraceEvent): [number, number] | null {
  switch (e.kind) {
    case 'object': return e.type === 'Notification' && e.owner !== null ? [e.id, e.owner] : null;
    case 'signal': return e.woke !== null ? [e.notification, e.woke] : null;
    case 'thread_state': return e.state === 'blocked-notification' && e.object !== null ? [e.object, e.thread] : null;
    case 'irq': return e.phase === 'deliver' && e.thread !== null && e.notification !== null ? [e.notification, e.thread] : null;
    default: return null;
  }
}
