import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { frame } from '../../replay/gdb/protocol.js';

const cli = (args: string[], input?: string) => spawnSync('node', ['dist/src/cli.js', 'gdb', ...args], { encoding: 'latin1', input, timeout: 60_000 });

describe('seltrace gdb: bad input', () => {
  it('a missing trace or a bad port is one line and exit 2', () => {
    for (const [args, msg] of [[['no-such-trace'], /no such trace/], [['tests/gdb/bin/counter.elf', '--port', '70000'], /--port/], [['--port', 'abc'], /--port/]] as const) {
      const r = cli([...args]);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^seltrace: /);
      expect(lines[0]).toMatch(msg);
    }
  });

  it('--stdio survives garbage, answers what it can and exits 0 when the client goes away', () => {
    const trace = spawnSync('node', ['dist/src/cli.js', 'record', 'tests/gdb/bin/counter.elf', '-o', `${process.env.TMPDIR ?? '/tmp'}/seltrace-gdbcli-${process.pid}`, '-q']);
    expect(trace.status).toBe(0);
    const garbage = '\x00\xff$$$#zz}}}' + '$' + 'q'.repeat(20000) + '#00' + '$m0,zz#00' + frame('mzz') + frame('qC') + frame('Zz') + '\x03' + frame('?');
    const r = cli(['--stdio', `${process.env.TMPDIR ?? '/tmp'}/seltrace-gdbcli-${process.pid}.strace`], garbage);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(frame('E01'));
    expect(r.stdout).toContain(frame('QC1'));
    expect(r.stdout).toMatch(/\$T05thread:1;#[0-9a-f]{2}/);
    expect(r.stderr).not.toMatch(/internal error|\bat .*\.js:\d+/);
  });
});
