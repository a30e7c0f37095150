import { describe, it, expect, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReplaySession } from '../../replay/session.js';
import { inkThinksCi, runTui } from '../../tui/run-tui.js';
import { recordTrace, CLI, ROOT, ISA_ECALL } from './helpers.js';

describe('runTui outside a terminal', () => {
  it('asks is-in-ci, the very module Ink asks, whether frames would be drawn', async () => {
    // Resolved from Ink's own directory: a second copy (another major) would be another file.
    const fromInk = createRequire(createRequire(import.meta.url).resolve('ink')).resolve('is-in-ci');
    const fromTui = createRequire(join(ROOT, 'tui', 'run-tui.ts')).resolve('is-in-ci');
    expect(fromTui).toBe(fromInk);
    const { default: ink } = await import(pathToFileURL(fromInk).href);
    expect(inkThinksCi).toBe(ink);
  });

  it('prints the state as text when stdout is not a TTY (never a half-drawn TUI)', async () => {
    const r = ReplaySession.open(recordTrace(ISA_ECALL));
    r.seek(20);
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { chunks.push(String(s)); return true; });
    const tty = process.stdout.isTTY;
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
      expect(await runTui(r)).toBe(0);
    } finally {
      spy.mockRestore();
      Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true });
      r.close();
    }
    const out = chunks.join('');
    expect(out).toContain('cycle 20 ');
    expect(out).toContain('disassembly:');
    expect(out).not.toContain('\u001b[?1049h');
  });

  it('the CLI piped: text, no terminal control sequences', () => {
    const trace = recordTrace(ISA_ECALL);
    const p = spawnSync(process.execPath, [CLI, 'replay', trace, '--at', 'cycle', '20'], { cwd: ROOT, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/^cycle 20 /);
    expect(p.stdout).not.toMatch(/\u001b/);
  });
});
