#!/usr/bin/env node
/** seltrace command-line interface. */
import { Command, Option } from 'commander';
import { runCommand } from './commands/run.js';
import { recordCommand } from './commands/record.js';
import { infoCommand, indexCommand } from './commands/trace-info.js';
import { eventsCommand } from './commands/events.js';
import { replayCommand } from './commands/replay.js';
import { disasmCommand } from './commands/disasm.js';
import { packCommand } from './commands/pack.js';
import { deadlinesCommand } from './commands/deadlines.js';
import { reportError, parseCount } from './errors.js';
import { DEFAULT_MAX_CYCLES } from '../emulator/run.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let code = 0;
  program
    .name('seltrace')
    .description('Record/replay tracer and time-travel debugger for seL4-style systems on RISC-V')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program.command('run')
    .description('run a bare ELF or a packed system image untraced; exits with the guest\'s exit code')
    .argument('<image>', 'image.elf (bare RV64 ELF or `seltrace pack` output)')
    .addOption(new Option('--max-cycles <n>', 'stop a runaway guest after n cycles').default(String(DEFAULT_MAX_CYCLES)))
    .option('--input <file>', 'scripted UART input (raw bytes, or a #!seltrace-input script)')
    .option('--stats', 'print cycles, instructions and MIPS to stderr')
    .action((image: string, o: { maxCycles: string; input?: string; stats?: boolean }) => {
      code = runCommand(image, { maxCycles: parseCount('--max-cycles', o.maxCycles), input: o.input, stats: o.stats });
    });

  program.command('record')
    .description('run an image with full tracing: writes <out>.strace and its SQLite index <out>.strace.db')
    .argument('<image>', 'image.elf (bare RV64 ELF or `seltrace pack` output)')
    .option('-o, --output <base>', 'trace base path (default traces/<image name>)')
    .addOption(new Option('--max-cycles <n>', 'stop a runaway guest after n cycles').default(String(DEFAULT_MAX_CYCLES)))
    .option('--input <file>', 'scripted UART input (recorded into the trace)')
    .option('--checkpoint-every <n>', 'initial checkpoint interval in cycles (adapted to trace size)')
    .option('-q, --quiet', 'no summary line')
    .addOption(new Option('--plic <mode>', 'system images: PLIC claim completion (recorded in the trace header)').choices(['hold-until-ack', 'claim-at-entry']))
    .action((image: string, o: { output?: string; maxCycles: string; input?: string; checkpointEvery?: string; quiet?: boolean; plic?: 'hold-until-ack' | 'claim-at-entry' }) => {
      code = recordCommand(image, {
        output: o.output, maxCycles: parseCount('--max-cycles', o.maxCycles), input: o.input, quiet: o.quiet, plic: o.plic,
        checkpointEvery: o.checkpointEvery !== undefined ? parseCount('--checkpoint-every', o.checkpointEvery) : undefined,
      });
    });

  program.command('pack')
    .description('pack a Microkit .system file and its PD programs into one self-contained image.elf')
    .argument('<system>', 'the .system file (program_image paths are relative to it)')
    .option('-o, --output <file>', 'output image', 'image.elf')
    .action((system: string, o: { output: string }) => { code = packCommand(system, { output: o.output }); });

  program.command('disasm')
    .description('disassemble an ELF exactly as `riscv64-unknown-elf-objdump -d -M no-aliases` prints it')
    .argument('<image>', 'RV64 ELF')
    .action((image: string) => { code = disasmCommand(image, {}); });

  program.command('deadlines')
    .description('find every deadline miss in a system recording and explain it (running, preempted, blocked, throttled, interrupt, kernel, inversion)')
    .argument('[trace]', 'trace (default: newest in traces/)')
    .option('--thread <name>', 'only this thread (name or id)')
    .option('--deadline <pd=time>', 'relative deadline of a thread (repeatable): control=1.5ms, sensor=800us, filter=120000 (cycles)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--json', 'machine-readable report (README: "Deadline analysis")')
    .action((trace: string | undefined, o: { thread?: string; deadline: string[]; json?: boolean }) => {
      code = deadlinesCommand(trace, { thread: o.thread, deadline: o.deadline, json: o.json });
    });

  program.command('info')
    .description('summarise a trace: cycles, instructions, events by kind, threads, size, bytes/instruction')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--json', 'machine-readable output')
    .action((trace: string | undefined, o: { json?: boolean }) => { code = infoCommand(trace, o); });

  program.command('index')
    .description('rebuild a trace\'s SQLite index (<trace>.db) from the stream alone')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .action((trace: string | undefined) => { code = indexCommand(trace); });

  program.command('events')
    .description('list the events of a trace')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--kind <k,...>', 'only these kinds (uart, syscall, capop, schedule, thread_state, ipc, signal, irq, fault, budget, object, trap, exit, kernel)')
    .option('--thread <id>', 'only events about this thread id')
    .option('--from <cycle>', 'from this cycle')
    .option('--to <cycle>', 'up to this cycle')
    .option('--limit <n>', 'at most n events')
    .option('--json', 'JSON output')
    .action((trace: string | undefined, o: { kind?: string; thread?: string; from?: string; to?: string; limit?: string; json?: boolean }) => {
      code = eventsCommand(trace, {
        kind: o.kind, json: o.json,
        thread: o.thread !== undefined ? parseCount('--thread', o.thread) : undefined,
        from: o.from !== undefined ? parseCount('--from', o.from) : undefined,
        to: o.to !== undefined ? parseCount('--to', o.to) : undefined,
        limit: o.limit !== undefined ? parseCount('--limit', o.limit) : undefined,
      });
    });

  program.command('replay')
    .description('travel to a point of a recording: the TUI on a terminal, else the state as text')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--at <spec...>', "where: 'cycle 120000', 'cycle:120000', '120000', 'time 1.2ms', 'event 5123', 'symbol handle_irq'")
    .option('--print', 'print the state as text even on a terminal')
    .option('--json', 'print the state as JSON')
    .option('--last-write <target>', 'reverse data-flow: who last wrote a register (a0, x10) or memory (0xADDR[:size]) before that point')
    .action(async (trace: string | undefined, o: { at?: string[]; print?: boolean; json?: boolean; lastWrite?: string }) => {
      code = await replayCommand(trace, o);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      return ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' ? 0 : 2;
    }
    return reportError(e);
  }
  return code;
}

// `seltrace events … | head`: a closed pipe ends output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
process.exitCode = await main(process.argv);
