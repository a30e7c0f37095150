/**
 * Declaration of the `jobs` table, which the deadline analysis (replay/analysis/jobs-table.ts)
 * derives from the events and adds to a built index on first use. Declared in tracer/ because
 * the index cache must recognise it as ours.
 */
interface Column { name: string; type: 'INTEGER' | 'TEXT'; doc: string; }

export const JOBS_TABLE: { name: 'jobs'; doc: string; columns: readonly Column[] } = {
  name: 'jobs',
  doc: 'jobs of real-time threads (periodic SCs, notification/IRQ-released, job marks), derived from events',
  columns: [
    { name: 'thread', type: 'INTEGER', doc: 'thread (kernel TCB id)' },
    { name: 'seq', type: 'INTEGER', doc: 'job number within the thread, from 1' },
    { name: 'kind', type: 'TEXT', doc: 'periodic | notification | irq | mark (how it is released)' },
    { name: 'release', type: 'INTEGER', doc: 'cycle of the release' },
    { name: 'release_event', type: 'INTEGER', doc: 'event id of the release (replenishment, delivery, mark)' },
    { name: 'finish', type: 'INTEGER', doc: 'cycle of completion (yield, back to waiting, end mark); NULL if unfinished' },
    { name: 'finish_event', type: 'INTEGER', doc: 'event id of the completion; NULL if unfinished' },
    { name: 'period', type: 'INTEGER', doc: 'SC period in cycles at release (periodic threads); NULL otherwise' },
    { name: 'folded', type: 'INTEGER', doc: 'signals sent while this release was still pending, merged into it by the notification (releases lost)' },
  ],
};

/**
 * The statements creating the table, exactly as SQLite keeps them in sqlite_master: the index
 * cache accepts an index that holds them (or not) beside its own tables.
 */
export function jobsDdlStatements(): string[] {
  return [
    `CREATE TABLE ${JOBS_TABLE.name} (${JOBS_TABLE.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    'CREATE INDEX jobs_thread ON jobs (thread, seq)',
    'CREATE INDEX jobs_release ON jobs (release)',
  ];
}

export function jobsDdl(): string { return jobsDdlStatements().map((s) => `${s};`).join(''); }
