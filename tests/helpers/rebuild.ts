import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Run `buildScript OUTDIR` into a temporary directory and expect exactly the committed ELFs of
 * `binDir`, byte for byte (committed guests must be what the sources in the repo build).
 */
export function expectRebuildsCommitted(buildScript: string, binDir: string): void {
  const out = mkdtempSync(join(tmpdir(), 'seltrace-rebuild-'));
  try {
    const b = spawnSync('sh', [buildScript, out], { encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    const elfs = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.elf')).sort();
    expect(elfs(out)).toEqual(elfs(binDir));
    for (const f of elfs(out)) expect(readFileSync(join(out, f)).equals(readFileSync(join(binDir, f))), `${f} is stale: run ${buildScript}`).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
