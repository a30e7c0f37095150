import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFresh, pickScript } from '../../tracer/thread-script.js';

/** A package tree like dist/: root/dist/bundle/<name> with its inputs.json, inputs under root/dist/. */
function tree(): { root: string; bundle: string; input: string; plain: string } {
  const root = mkdtempSync(join(tmpdir(), 'seltrace-bundle-'));
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  mkdirSync(join(root, 'dist', 'tracer'), { recursive: true });
  const input = join(root, 'dist', 'tracer', 'w.js'), plain = input, bundle = join(root, 'dist', 'bundle', 'w.js');
  writeFileSync(input, '// compiled');
  writeFileSync(bundle, '// bundled');
  writeFileSync(join(root, 'dist', 'bundle', 'inputs.json'), JSON.stringify({ 'w.js': ['dist/tracer/w.js'] }));
  const t = Date.now() / 1000;
  utimesSync(input, t - 10, t - 10);
  utimesSync(bundle, t, t);
  return { root, bundle, input, plain };
}

/** Run `fn` on a fresh tree, removed afterwards whatever happens. */
function withTree(fn: (t: ReturnType<typeof tree>) => void): void {
  const t = tree();
  try { fn(t); } finally { rmSync(t.root, { recursive: true, force: true }); }
}

describe('thread scripts: the bundle while it is fresh, else the compiled module', () => {
  it('takes a bundle newer than its inputs', () => {
    withTree((t) => {
      expect(bundleFresh(t.bundle)).toBe(true);
      expect(pickScript(pathToFileURL(t.bundle), pathToFileURL(t.plain))?.href).toBe(pathToFileURL(t.bundle).href);
    });
  });

  it('leaves a bundle alone once an input was rebuilt after it (tsc without the bundle step)', () => {
    withTree((t) => {
      const later = Date.now() / 1000 + 5;
      utimesSync(t.input, later, later);
      expect(bundleFresh(t.bundle)).toBe(false);
      expect(pickScript(pathToFileURL(t.bundle), pathToFileURL(t.plain))?.href).toBe(pathToFileURL(t.plain).href);
    });
  });

  it('leaves it alone when its input list is missing, unreadable or names a file that is gone', () => {
    withTree((t) => {
      writeFileSync(join(t.root, 'dist', 'bundle', 'inputs.json'), '{"w.js": ["dist/tracer/gone.js"]}');
      expect(bundleFresh(t.bundle)).toBe(false);
      writeFileSync(join(t.root, 'dist', 'bundle', 'inputs.json'), 'not json');
      expect(bundleFresh(t.bundle)).toBe(false);
      rmSync(join(t.root, 'dist', 'bundle', 'inputs.json'));
      expect(bundleFresh(t.bundle)).toBe(false);
      expect(pickScript(pathToFileURL(t.bundle), pathToFileURL(join(t.root, 'nothing.js')))).toBeNull();
    });
  });

  it('the build bundles the record worker and the recorder helpers, and `seltrace record` starts from them', async () => {
    // pretest runs `npm run build`: tsc, then scripts/bundle-threads.mjs.
    const { recordWorkerScript } = await import(pathToFileURL(join(process.cwd(), 'dist', 'src', 'commands', 'record-prestart.js')).href) as { recordWorkerScript: () => URL };
    expect(recordWorkerScript().pathname.endsWith('/dist/bundle/record-worker.js')).toBe(true);
    for (const w of ['deflate-worker.js', 'index-worker.js']) expect(bundleFresh(join(process.cwd(), 'dist', 'bundle', w))).toBe(true);
  });
});
