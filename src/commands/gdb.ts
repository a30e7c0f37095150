/**
 * `seltrace gdb [TRACE|image.elf] [--port N] [--stdio] [--write-elfs DIR]`: serve a recording
 * to gdb-multiarch over the GDB Remote Serial Protocol, with reverse execution.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordingTarget } from '../../replay/gdb/target.js';
import { listen, serveConnection } from '../../replay/gdb/serve.js';
import { recordInProcess, defaultTraceBase } from './record.js';
import type { MachineRunOptions } from './run.js';
import { hasElfMagic } from '../../emulator/elf/elf-reader.js';
import { resolveTracePath } from './trace-path.js';
import { ioReason, UserError } from '../errors.js';
import { DEFAULT_MAX_CYCLES } from '../../emulator/run.js';

/** `machine`: when recording an image first, the machine flags `record` takes (--memory, --bios, ...). */
export interface GdbOptions { port: number; stdio?: boolean; writeElfs?: string; maxCycles?: number; input?: string; machine?: MachineRunOptions; }

const log = (line: string): void => { process.stderr.write(`seltrace gdb: ${line}\n`); };

function isElf(path: string): boolean {
  if (!path.toLowerCase().endsWith('.elf') || !existsSync(path)) return false;
  return hasElfMagic(readFileSync(path));
}

/** Record `image` into traces/ (console output to stderr: stdout may carry the protocol). */
function recordFirst(image: string, o: GdbOptions): string {
  const base = defaultTraceBase(image);
  log(`recording ${image} into ${base}.strace`);
  const code = recordInProcess(image, { ...o.machine, maxCycles: o.maxCycles ?? DEFAULT_MAX_CYCLES, input: o.input, quiet: false, consoleTo: process.stderr, output: base }, () => false);
  const stream = `${base}.strace`;
  if (!existsSync(stream)) throw new UserError(`${image}: recording failed (exit ${code})`);
  return stream;
}

function writeElfs(t: RecordingTarget, dir: string): string[] {
  // A DIR that is a file, or not writable, is the user's to fix: one line, exit 2 (was exit 70).
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`--write-elfs: ${dir} is a file; give a directory for the PDs' ELFs`);
  try { mkdirSync(dir, { recursive: true }); } catch (e) { throw new UserError(`--write-elfs: cannot create directory ${dir}: ${ioReason(e)}`); }
  return t.programs().map((p) => {
    const path = join(dir, `${p.name}.elf`);
    try { writeFileSync(path, p.elf); } catch (e) { throw new UserError(`--write-elfs: cannot write ${path}: ${ioReason(e)}`); }
    return path;
  });
}

export async function gdbCommand(arg: string | undefined, o: GdbOptions): Promise<number> {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UserError(`--port: '${o.port}' is not a TCP port (0-65535)`);
  const stream = arg !== undefined && isElf(arg) ? recordFirst(arg, o) : resolveTracePath(arg);
  const t = RecordingTarget.open(stream);
  const elfs = o.writeElfs !== undefined ? writeElfs(t, o.writeElfs) : [];
  if (elfs.length > 0) {
    log(`wrote ${elfs.join(', ')}`);
    if (t.system) log(`PDs share link addresses: load one at a time, e.g. (gdb) symbol-file ${elfs[0]}`);
  }
  if (o.stdio === true) {
    log(`serving ${stream} on stdin/stdout (${t.system ? `${t.threads().length} threads` : 'bare recording'}, cycles 0-${t.endCycle})`);
    await serveConnection(t, process.stdin, process.stdout);
    t.close();
    process.stdin.pause();
    return 0;
  }
  let server, shutdown: () => void;
  try {
    ({ server, shutdown } = await listen(t, o.port, log));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`--port ${o.port}: ${code === 'EADDRINUSE' ? 'already in use (pick another with --port)' : (e as Error).message}`);
  }
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  const sym = elfs.length > 0 ? ` ${elfs[0]}` : arg !== undefined && isElf(arg) && !t.system ? ` ${arg}` : '';
  process.stdout.write(`serving ${stream} on 127.0.0.1:${port} (${t.system ? `${t.threads().length} threads` : 'bare recording'}, cycles 0-${t.endCycle}); connect with:\n` +
    `  gdb-multiarch -q${sym} -ex 'set architecture riscv:rv64' -ex 'target remote :${port}'\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { shutdown(); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  t.close();
  return 0;
}
