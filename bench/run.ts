/**
 * `npm run bench`: measures the DESIGN.md §6 figures in one run and prints them as a table.
 *
 *   node dist/bench/run.js [--quick] [--json] [--runs N] [--sel4]
 *
 *   --quick   bench-small.elf (~5.1M instructions) instead of bench.elf (~251M); replay
 *             figures then come from a 5M-cycle trace (the rows say so)
 *   --json    the report as JSON on stdout (progress stays on stderr)
 *   --runs N  timed repetitions per measurement, best reported (default 3)
 *   --sel4    also the real seL4 system (sel4test to its verdict, beside qemu -icount): minutes
 *   --only a,b  run only these sections (ids below)
 *
 * Exit status is non-zero only when the guest's result is wrong or missing (checksum
 * mismatch, trap, emulator error, hang); never because a figure misses its target.
 *
 * Each figure lives in its own section module (bench/sections/*.ts); add one to SECTIONS.
 * Sections: emulation (untraced MIPS), qemu (anchor), record (slowdown, B/instr, index rebuild),
 * fp (an FP kernel's MIPS beside qemu's), replay (seek, reverse step), index-query (1M-event index build and queries), system (kernel
 * example images: MIPS, kernel entries, trace size), ordinary (plain -O2 C kernels per kernel
 * and as one whole-process workload, run and record, with qemu), deadlines (analysis of a 10M-cycle
 * and a 10 s system recording). See bench/README.md for how each is measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { emulationSection } from './sections/emulation.js';
import { qemuSection } from './sections/qemu.js';
import { recordSection } from './sections/record.js';
import { replaySection } from './sections/replay.js';
import { indexQuerySection } from './sections/index-query.js';
import { systemSection } from './sections/system.js';
import { systemLongSection } from './sections/system-long.js';
import { bigTraceSection } from './sections/big-trace.js';
import { fpSection } from './sections/fp.js';
import { gdbSection } from './sections/gdb.js';
import { sel4Section } from './sections/sel4.js';
import { sel4ProbeSection } from './sections/sel4-probe.js';
import { ordinarySection } from './sections/ordinary.js';
import { indexExportSection } from './sections/index-export.js';
import { deadlinesSection } from './sections/deadlines.js';
import { tuiSection } from './sections/tui.js';
import type { BenchContext, BenchSection, FigureRow } from './sections/types.js';

/** In table order; later sections may read metrics published by earlier ones. */
export const SECTIONS: readonly BenchSection[] = [
  emulationSection, qemuSection, fpSection, recordSection, replaySection, indexQuerySection, systemSection, systemLongSection, gdbSection, bigTraceSection,
  ordinarySection, indexExportSection, deadlinesSection, tuiSection,
];

export interface BenchOptions {
  quick?: boolean;
  runs?: number;
  /** Add the opt-in sel4 section (minutes). */
  sel4?: boolean;
  /** Run only these section ids (default: all). */
  only?: readonly string[];
  /** Progress sink; default stderr. */
  log?: (message: string) => void;
}

export interface BenchReport {
  elf: string;
  quick: boolean;
  runs: number;
  rows: FigureRow[];
  metrics: Record<string, number>;
  warnings: string[];
  failures: string[];
  ok: boolean;
}

/** The repository root: the nearest ancestor of this file with package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'guest'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (package.json + bench/guest)');
    dir = up;
  }
}

export function guestElfPath(quick: boolean): string {
  return resolve(repoRoot(), 'bench', 'guest', quick ? 'bench-small.elf' : 'bench.elf');
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const quick = options.quick ?? false;
  const runs = options.runs ?? 3;
  const log = options.log ?? ((m: string) => process.stderr.write(`bench: ${m}\n`));
  const elfPath = guestElfPath(quick);
  const elf = new Uint8Array(readFileSync(elfPath));
  const metrics = new Map<string, number>();
  const ctx: BenchContext = { quick, runs, elfPath, elf, metrics, log };

  const rows: FigureRow[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  // The seL4 sections are opt-in (minutes): --sel4, or named in --only.
  const optIn = [sel4Section, sel4ProbeSection].filter((x) => options.sel4 === true || options.only?.includes(x.id) === true);
  for (const section of [...SECTIONS, ...optIn]) {
    if (options.only !== undefined && !options.only.includes(section.id)) continue;
    log(`section ${section.id}`);
    let result;
    try {
      result = await section.run(ctx);
    } catch (e) {
      failures.push(`section ${section.id} threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      continue;
    }
    rows.push(...result.rows);
    for (const [k, v] of Object.entries(result.metrics ?? {})) metrics.set(k, v);
    warnings.push(...(result.warnings ?? []));
    failures.push(...(result.failures ?? []));
  }
  return {
    elf: elfPath,
    quick,
    runs,
    rows,
    metrics: Object.fromEntries(metrics),
    warnings,
    failures,
    ok: failures.length === 0,
  };
}

/** Plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly FigureRow[]): string {
  const header: FigureRow = { figure: 'figure', measured: 'measured', target: 'target', anchor: 'anchor' };
  const cols = ['figure', 'measured', 'target', 'anchor'] as const;
  const all = [header, ...rows];
  const width = cols.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: FigureRow) =>
    cols.map((c, i) => (i === cols.length - 1 ? r[c] : r[c].padEnd(width[i]!))).join(' | ').trimEnd();
  const rule = width.map((w) => '-'.repeat(w)).join('-+-');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function formatReport(report: BenchReport): string {
  const out = [
    `seltrace bench — ${report.elf}${report.quick ? ' (quick)' : ''}`,
    '',
    formatTable(report.rows),
  ];
  for (const w of report.warnings) out.push(`warning: ${w}`);
  for (const f of report.failures) out.push(`FAILED: ${f}`);
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      sel4: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: node dist/bench/run.js [--quick] [--json] [--runs N] [--sel4] [--only id,id]\n');
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench: --runs must be a positive integer, got ${values.runs}\n`);
    return 2;
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const known = [...SECTIONS, sel4Section, sel4ProbeSection];
  const unknown = only?.filter((id) => !known.some((sec) => sec.id === id)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: --only: unknown section ${unknown.join(', ')} (sections: ${known.map((sec) => sec.id).join(', ')})\n`);
    return 2;
  }
  const report = await runBench({ quick: values.quick, runs, sel4: values.sel4, ...(only !== undefined ? { only } : {}) });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
