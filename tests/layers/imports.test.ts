/**
 * The house rules on imports, read from the sources: layers point one way (emulator ← tracer ←
 * replay ← tui / src), no import circle outside the kernel model, and front ends (the TUI, the
 * CLI's replay commands, the gdb stub) never touch the session's machine, kernel model or index
 * database: they move through replay's timeline and read through its accessors and query module.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const LAYERS = ['emulator', 'tracer', 'replay', 'tui', 'src'] as const;
type Layer = (typeof LAYERS)[number];
/** What each layer may import (itself included). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  emulator: ['emulator'],
  tracer: ['tracer', 'emulator'],
  replay: ['replay', 'tracer', 'emulator'],
  tui: ['tui', 'replay', 'tracer', 'emulator'],
  src: ['src', 'tui', 'replay', 'tracer', 'emulator'],
};

interface Edge { to: string; typeOnly: boolean; }

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(n) && !n.endsWith('.d.ts')) out.push(relative(ROOT, p));
    }
  };
  for (const l of LAYERS) walk(join(ROOT, l));
  return out;
}

/** Relative imports of a file (static, re-exports, side-effect and dynamic), resolved to files. */
function imports(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Edge[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4];
    const base = resolve(ROOT, dirname(file), spec).replace(/\.js$/, '');
    const hit = [`${base}.ts`, `${base}.tsx`].find((p) => existsSync(p));
    if (hit === undefined) throw new Error(`${file}: cannot resolve '${spec}'`);
    out.push({ to: relative(ROOT, hit), typeOnly: m[2] !== undefined });
  }
  return out;
}

const FILES = sources();
const GRAPH = new Map(FILES.map((f) => [f, imports(f)]));
const layerOf = (f: string): Layer => f.split('/')[0] as Layer;

/** Strongly connected components with more than one file (Tarjan), over runtime imports. */
function circles(withTypes = false): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++; stack.push(v); on.add(v);
    for (const e of GRAPH.get(v) ?? []) {
      if (e.typeOnly && !withTypes) continue; // erased at compile time: no circle at run time
      if (!index.has(e.to)) { visit(e.to); low.set(v, Math.min(low.get(v)!, low.get(e.to)!)); }
      else if (on.has(e.to)) low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) found.push(c.sort());
    }
  };
  for (const f of FILES) if (!index.has(f)) visit(f);
  return found;
}

describe('imports', () => {
  it('reads every source file and its imports', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(GRAPH.get('tui/run-tui.ts')!.map((e) => e.to)).toContain('tui/controller.ts');
  });

  it('layers point one way: emulator ← tracer ← replay ← tui / src', () => {
    const bad: string[] = [];
    for (const [f, es] of GRAPH) for (const e of es) if (!MAY_IMPORT[layerOf(f)].includes(layerOf(e.to))) bad.push(`${f} → ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('no import circle outside the kernel model', () => {
    const outside = circles().filter((c) => !c.every((f) => f.startsWith('emulator/kernel/')));
    expect(outside).toEqual([]);
  });

  it('type-only imports make no circle either outside the kernel model and the CPU\'s generated tiers', () => {
    const outside = circles(true).filter((c) => !c.every((f) => f.startsWith('emulator/kernel/') || f.startsWith('emulator/cpu/')));
    expect(outside).toEqual([]);
  });

  it('the circle finder finds circles (the kernel model has one)', () => {
    expect(circles().some((c) => c.includes('emulator/kernel/cspace.ts'))).toBe(true);
  });

  it('front ends never touch the session\'s machine, kernel model or index database', () => {
    // record / run drive the emulator to make a recording (no replay); sql runs the user's SQL
    // on the index, read-only: that is its job.
    const exempt = new Set(['src/commands/record.ts', 'src/commands/record-worker.ts', 'src/commands/run.ts', 'src/commands/sql.ts']);
    const frontEnds = FILES.filter((f) => (f.startsWith('tui/') || f.startsWith('src/commands/') || f.startsWith('replay/gdb/')) && !exempt.has(f));
    expect(frontEnds).toContain('replay/gdb/target.ts');
    const reach = /\b(?:r|session|this\.r|this\.session)\.(?:machine|kernel|db)\b|\.timeline\.(?:machine|kernel)\b|from ['"]better-sqlite3['"]/;
    const bad = frontEnds.flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n')
      .map((l, i) => ({ l, i })).filter(({ l }) => reach.test(l)).map(({ l, i }) => `${f}:${i + 1}: ${l.trim()}`));
    expect(bad).toEqual([]);
  });
});
