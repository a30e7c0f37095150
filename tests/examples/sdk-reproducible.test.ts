/**
 * The committed SDK archive and example ELFs are byte-reproducible from any checkout location:
 * debug info carries no absolute path (assembler sources included), and sdk/build.sh works when
 * started from any directory.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { onPath } from '../disasm/objdump-util.js';

const GCC = 'riscv64-unknown-elf-gcc';
const READY = requireTool(GCC, onPath(GCC));

describe.skipIf(!READY)('SDK and examples build the same bytes elsewhere', () => {
  it('sdk/build.sh run by a relative path in a copy at another path, then a PD build: identical to the committed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-repro-'));
    cpSync('sdk', join(dir, 'sdk'), { recursive: true });
    for (const p of ['examples/lib.sh', 'examples/include', 'examples/hello/hello.c']) cpSync(p, join(dir, p), { recursive: true });
    const sdk = spawnSync('sh', ['sdk/build.sh'], { cwd: dir, encoding: 'utf8' }); // $0 relative to the start directory
    expect(sdk.status, sdk.stderr).toBe(0);
    expect(sdk.stderr).toBe(''); // was: "cd: can't cd to ./sdk" from a relative $0, then a broken build
    expect(readFileSync(join(dir, 'sdk/lib/libmicrokit.a')).equals(readFileSync('sdk/lib/libmicrokit.a'))).toBe(true);
    const pd = spawnSync('sh', ['-c', '. ../lib.sh && build_pd hello hello.c'], { cwd: join(dir, 'examples/hello'), encoding: 'utf8' });
    expect(pd.status, pd.stderr).toBe(0);
    const built = readFileSync(join(dir, 'examples/hello/build/hello.elf'));
    expect(built.includes(Buffer.from(dir)), 'the checkout path leaked into the ELF').toBe(false);
    expect(built.equals(readFileSync('examples/hello/build/hello.elf'))).toBe(true);
  });
});
