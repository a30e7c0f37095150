/**
 * Drive a real terminal: a detached tmux session on a private socket (no user config, CI
 * variables removed so Ink draws interactively), with send-keys / capture-pane helpers.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export function tmuxPath(): string | null {
  const p = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' });
  return p.status === 0 && p.stdout.trim() !== '' ? p.stdout.trim() : null;
}

/** The environment without the variables that make Ink think it runs under CI. */
export function interactiveEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('CI_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR' && k !== 'TMUX') env[k] = v;
  return { ...env, PS1: '$ ', ...extra };
}

let seq = 0;

export class TmuxSession {
  readonly socket = `seltrace-e2e-${process.pid}-${seq++}`;
  private readonly env: NodeJS.ProcessEnv;
  private readonly socketPath: string;

  constructor(readonly cols = 120, readonly rows = 40, env: Record<string, string> = {}) {
    this.env = interactiveEnv(env);
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(cols), '-y', String(rows), 'sh');
    this.socketPath = this.display('#{socket_path}');
  }

  tmux(...args: string[]): string {
    const p = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: this.env });
    if (p.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${p.stderr}`);
    return p.stdout;
  }

  /** Type a command line into the shell and press Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', line);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  /** Send tmux key names (Left, Right, Escape, C-c) or literal text with `literal`. */
  keys(...names: string[]): void { this.tmux('send-keys', '-t', 'main', ...names); }
  literal(text: string): void { this.tmux('send-keys', '-t', 'main', '-l', text); }

  /** The visible pane as text (with SGR escapes when `escapes`). */
  capture(escapes = false): string {
    return this.tmux('capture-pane', '-p', '-t', 'main', ...(escapes ? ['-e'] : []));
  }

  /** A tmux format for the pane, e.g. '#{alternate_on}'. */
  display(fmt: string): string { return this.tmux('display-message', '-p', '-t', 'main', fmt).trim(); }

  resize(cols: number, rows: number): void { this.tmux('resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows)); }

  /**
   * Poll the pane until `ok` holds on a settled frame (two captures 50 ms apart identical: Ink
   * writes a frame in several pieces, and a loaded machine can be caught between them); returns
   * that capture or throws with the last one.
   */
  async waitFor(ok: (pane: string) => boolean, what: string, ms = 30_000): Promise<string> {
    const t0 = Date.now();
    let pane = '';
    let prev: string | null = null;
    while (Date.now() - t0 < ms) {
      pane = this.capture();
      if (ok(pane) && pane === prev) return pane;
      prev = ok(pane) ? pane : null;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`tmux: timed out waiting for ${what}; pane:\n${pane}`);
  }

  /** End the private server and remove its socket file (tmux leaves it behind). */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { env: this.env });
    if (this.socketPath.includes(this.socket)) rmSync(this.socketPath, { force: true });
  }
}
