/**
 * One writer per trace: `record` holds `<trace>.lock` (its pid) while it writes the stream and
 * the index. A second recorder to the same path is refused; readers do not rebuild the index of
 * a recording in progress. A lock left by a dead process (SIGKILL, power loss) is taken over.
 */
import { openSync, writeSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { TraceError } from './trace-stream.js';

export function lockPath(streamPath: string): string { return `${streamPath}.lock`; }

/** The pid of a live process holding the lock on this trace, or null. */
export function lockHolder(streamPath: string): number | null {
  let pid: number;
  try { pid = Number.parseInt(readFileSync(lockPath(streamPath), 'latin1'), 10); } catch { return null; }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try { process.kill(pid, 0); return pid; } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** Take the lock or throw a TraceError naming the holder. Returns the release function. */
export function acquireLock(streamPath: string): () => void {
  const p = lockPath(streamPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(p, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(p, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new TraceError(p, 0, `cannot create lock file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      const holder = lockHolder(streamPath);
      if (holder !== null) throw new TraceError(streamPath, 0, `another seltrace (pid ${holder}) is recording to this trace; choose another -o or wait for it`);
      rmSync(p, { force: true }); // stale: its writer died
    }
  }
  throw new TraceError(streamPath, 0, 'could not take the trace lock (another recorder keeps racing for it)');
}
