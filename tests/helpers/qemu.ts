import { spawn } from 'node:child_process';

export interface QemuResult { out: string; status: number | null }

/**
 * One `qemu-system-riscv64 ARGS` run to its exit (killed after 60 s): its stdout as latin1, and
 * its stderr after it when `stderr` (where semihosting output goes), with the exit status.
 */
export function runQemu(args: string[], stderr = false): Promise<QemuResult> {
  return new Promise((resolve, reject) => {
    const p = spawn('qemu-system-riscv64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.stdout.on('data', (b: Buffer) => out.push(b));
    if (stderr) p.stderr.on('data', (b: Buffer) => out.push(b));
    p.on('error', reject);
    p.on('close', (status) => { clearTimeout(timer); resolve({ out: Buffer.concat(out).toString('latin1'), status }); });
  });
}
