/**
 * Background priority of the recorder's helper threads and of the rest of the process
 * (tracer/thread-priority.ts): runs in a child process (it changes the priorities of the
 * process's threads) on the compiled modules, as `seltrace record` does.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const mod = (p: string): string => JSON.stringify(pathToFileURL(resolve(p)).href);

describe('thread priorities', () => {
  it('lowers every other thread, never raises one, and a helper takes the priority it was started with', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-prio-'));
    const helper = join(dir, 'helper.mjs');
    writeFileSync(helper, `
      import { workerData } from 'node:worker_threads';
      const { helperStarted } = await import(${mod('dist/tracer/helper-thread.js')});
      const { ownThreadId } = await import(${mod('dist/tracer/thread-priority.js')});
      helperStarted(workerData);
      workerData.port.postMessage(ownThreadId());
    `);
    const script = `
      import { readFileSync, readdirSync } from 'node:fs';
      import { pathToFileURL } from 'node:url';
      const { lowerOtherThreads, ownThreadId } = await import(${mod('dist/tracer/thread-priority.js')});
      const { startHelperThread } = await import(${mod('dist/tracer/helper-thread.js')});
      const nice = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'latin1').split(') ')[1].split(' ')[16]);
      const self = ownThreadId();
      const lowered = lowerOtherThreads(10);
      const others = readdirSync('/proc/self/task').map(Number).filter((t) => t !== self).map(nice);
      const h = startHelperThread(pathToFileURL(${JSON.stringify(helper)}), {}, 12);
      h.port.ref();
      const tid = await new Promise((res) => h.port.once('message', res));
      const helperNice = nice(tid);
      lowerOtherThreads(3); // must not raise the helper (12) or the others (10) back
      const after = nice(tid);
      const othersAfter = readdirSync('/proc/self/task').map(Number).filter((t) => t !== self && t !== tid).map(nice);
      console.log(JSON.stringify({ self: nice(self), selfIsPid: self === process.pid, lowered, others, helperNice, after, othersAfter }));
      process.exit(0);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout) as { self: number; selfIsPid: boolean; lowered: number; others: number[]; helperNice: number; after: number; othersAfter: number[] };
    expect(o.selfIsPid).toBe(true); // the main thread's task id is the pid
    expect(o.self).toBe(0);
    expect(o.lowered).toBeGreaterThanOrEqual(4); // V8's platform threads at least
    expect(o.lowered).toBe(o.others.length);
    for (const n of o.others) expect(n).toBe(10);
    expect(o.helperNice).toBe(12);
    expect(o.after).toBe(12);
    for (const n of o.othersAfter) expect(n).toBeGreaterThanOrEqual(3);
    expect(o.othersAfter.filter((n) => n === 10).length).toBeGreaterThanOrEqual(4);
  });
});
