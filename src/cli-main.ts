/** seltrace command-line interface (loaded by cli.ts, the entry point). */
import { Command, Option } from 'commander';
// Each command's module is loaded when it runs: `seltrace run` need not load Ink, React or SQLite.
import { reportError, parseCount, parsePositiveCount, parseMemory, UserError } from './errors.js';
import type { MachineRunOptions } from './commands/run.js';
import { DEFAULT_MAX_TRACE_SIZE } from './commands/record-limits.js';

interface MachineFlags { memory?: string; cyclesPerTick?: string; untilOutput?: string; failOutput?: string; kernelElf?: string; semihosting?: boolean; bios?: string }

function machineFlags(o: MachineFlags): MachineRunOptions {
  const cpt = o.cyclesPerTick === undefined ? undefined : parseCount('--cycles-per-tick', o.cyclesPerTick);
  if (cpt !== undefined && (cpt < 1 || cpt > 1_000_000)) throw new UserError(`--cycles-per-tick: ${o.cyclesPerTick} is outside 1..1000000`);
  for (const [flag, v] of [['--until-output', o.untilOutput], ['--fail-output', o.failOutput]] as const) {
    if (v === '') throw new UserError(`${flag}: the text must not be empty`);
  }
  return {
    ramSize: o.memory === undefined ? undefined : parseMemory('--memory', o.memory),
    cyclesPerTick: cpt, untilOutput: o.untilOutput, failOutput: o.failOutput, kernelElf: o.kernelElf, semihosting: o.semihosting, bios: o.bios,
  };
}
import { DEFAULT_MAX_CYCLES } from '../emulator/limits.js';

/** The MACHINE options `run` and `record` share (MachineFlags). */
function machineOptions(c: Command): Command {
  return c
    .option('--memory <size>', 'RAM size, e.g. 512M (default 128M); the device tree follows')
    .option('--cycles-per-tick <n>', 'cycles per 10 MHz mtime tick (default 10: a 100 MHz hart; 100 = qemu -icount shift=0)')
    .option('--until-output <text>', 'stop with exit 0 when the console shows this text')
    .option('--fail-output <text>', 'stop with exit 1 when the console shows this text')
    .option('--kernel-elf <file>', 'kernel ELF (e.g. seL4 kernel.elf) whose symbols name kernel code in the trace')
    .option('--semihosting', "treat ebreak's semihosting sequence as calls (qemu -semihosting; default: on when the ELF has picolibc's sys_semihost)")
    .option('--no-semihosting', 'semihosting off even for an ELF built for it')
    .option('--bios <file>', "firmware as qemu's -bios: none (default: the image starts itself), default (OpenSBI, as qemu virt ships it; the image is its S-mode payload) or a file");
}

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let code = 0;
  program
    .name('seltrace')
    .description('Record/replay tracer and time-travel debugger for seL4-style systems on RISC-V')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  machineOptions(program.command('run')
    .description('run a bare ELF or a packed system image untraced; exits with the guest\'s exit code')
    .argument('<image>', 'image.elf (bare RV64 ELF or `seltrace pack` output)')
    .addOption(new Option('--max-cycles <n>', 'stop a runaway guest after n cycles').default(String(DEFAULT_MAX_CYCLES)))
    .option('--input <file>', 'scripted UART input (raw bytes, or a #!seltrace-input script)')
    .option('--stats', 'print cycles, instructions and MIPS to stderr'))
    .action(async (image: string, o: { maxCycles: string; input?: string; stats?: boolean } & MachineFlags) => {
      code = (await import('./commands/run.js')).runCommand(image, { maxCycles: parseCount('--max-cycles', o.maxCycles), input: o.input, stats: o.stats, ...machineFlags(o) });
    });

  machineOptions(program.command('record')
    .description('run an image with full tracing: writes <out>.strace and its SQLite index <out>.strace.db')
    .argument('<image>', 'image.elf (bare RV64 ELF or `seltrace pack` output)')
    .option('-o, --output <base>', 'trace base path, or a directory (ending in / or existing) to write <image name>.strace in (default traces/<image name>)')
    .addOption(new Option('--max-cycles <n>', 'stop a runaway guest after n cycles').default(String(DEFAULT_MAX_CYCLES)))
    .option('--input <file>', 'scripted UART input (recorded into the trace)')
    .option('--checkpoint-every <n>', 'initial checkpoint interval in retired instructions, a kernel entry of the model counting 1000 (adapted to trace size; idle cycles are free)')
    .addOption(new Option('--max-trace-size <bytes>', 'stop recording when the stream reaches this size').default(String(DEFAULT_MAX_TRACE_SIZE / 1e9) + 'G'))
    .option('-q, --quiet', 'no summary line'))
    .addOption(new Option('--plic <mode>', 'system images: PLIC claim completion (recorded in the trace header)').choices(['hold-until-ack', 'claim-at-entry']))
    .action(async (image: string, o: { output?: string; maxCycles: string; maxTraceSize: string; input?: string; checkpointEvery?: string; quiet?: boolean; plic?: 'hold-until-ack' | 'claim-at-entry' } & MachineFlags) => {
      code = await (await import('./commands/record-main.js')).recordCommand(image, {
        ...machineFlags(o), plic: o.plic,
        output: o.output, maxCycles: parseCount('--max-cycles', o.maxCycles), input: o.input, quiet: o.quiet,
        maxTraceSize: parseCount('--max-trace-size', o.maxTraceSize),
        checkpointEvery: o.checkpointEvery !== undefined ? parsePositiveCount('--checkpoint-every', o.checkpointEvery) : undefined,
      });
    });

  program.command('pack')
    .description('pack a Microkit .system file and its PD programs into one self-contained image.elf')
    .argument('<system>', 'the .system file (program_image paths are relative to it)')
    .option('-o, --output <file>', 'output image', 'image.elf')
    .action(async (system: string, o: { output: string }) => { code = (await import('./commands/pack.js')).packCommand(system, { output: o.output }); });

  program.command('sdk')
    .description('print the SDK directory (for PD build scripts anywhere: SELTRACE_SDK=$(seltrace sdk); . "$SELTRACE_SDK/pd.sh")')
    .action(async () => { code = (await import('./commands/sdk.js')).sdkCommand(); });

  program.command('disasm')
    .description('disassemble an ELF exactly as `riscv64-unknown-elf-objdump -d -M no-aliases` prints it')
    .argument('<image>', 'RV64 ELF')
    .action(async (image: string) => { code = (await import('./commands/disasm.js')).disasmCommand(image, {}); });

  program.command('deadlines')
    .description('find every deadline miss in a system recording and explain it (running, preempted, blocked, throttled, interrupt, kernel, inversion)')
    .argument('[trace]', 'trace (default: newest in traces/)')
    .option('--thread <name>', 'only this thread (name or id)')
    .option('--deadline <pd=time>', 'relative deadline of a thread (repeatable): control=1.5ms, sensor=800us, filter=120000 (cycles)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--json', 'machine-readable report (README: "Deadline analysis")')
    .action(async (trace: string | undefined, o: { thread?: string; deadline: string[]; json?: boolean }) => {
      code = (await import('./commands/deadlines.js')).deadlinesCommand(trace, { thread: o.thread, deadline: o.deadline, json: o.json });
    });

  program.command('info')
    .description('summarise a trace: cycles, instructions, events by kind, threads, size, bytes/instruction')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--json', 'machine-readable output')
    .action(async (trace: string | undefined, o: { json?: boolean }) => { code = (await import('./commands/trace-info.js')).infoCommand(trace, o); });

  program.command('index')
    .description('rebuild a trace\'s SQLite index (<trace>.db) from the stream alone')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .action(async (trace: string | undefined) => { code = (await import('./commands/trace-info.js')).indexCommand(trace); });

  program.command('events')
    .description('list the events of a trace')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--kind <k,...>', 'only these kinds (uart, syscall, capop, schedule, thread_state, ipc, signal, irq, fault, budget, object, trap, exit)')
    .option('--thread <name|id>', 'only events about this thread (name, or kernel TCB id as `seltrace info` lists them)')
    .option('--from <cycle>', 'from this cycle')
    .option('--to <cycle>', 'up to this cycle')
    .option('--limit <n>', 'at most n events')
    .option('--json', 'JSON output')
    .action(async (trace: string | undefined, o: { kind?: string; thread?: string; from?: string; to?: string; limit?: string; json?: boolean }) => {
      code = (await import('./commands/events.js')).eventsCommand(trace, {
        kind: o.kind, json: o.json,
        thread: o.thread,
        from: o.from !== undefined ? parseCount('--from', o.from) : undefined,
        to: o.to !== undefined ? parseCount('--to', o.to) : undefined,
        limit: o.limit !== undefined ? parseCount('--limit', o.limit) : undefined,
      });
    });

  program.command('replay')
    .description('travel to a point of a recording: the TUI on a terminal, else the state as text')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .option('--at <spec...>', "where: 'cycle 120000', 'cycle:120000', '120000', 'time 1.2ms', 'event 5123', 'symbol handle_irq', 'start', 'end'")
    .option('--print', 'print the state as text even on a terminal')
    .option('--json', 'print the state as JSON')
    .option('--last-write <target>', 'reverse data-flow: who last wrote a register (a0, x10) or memory (0xADDR[:size]) before that point')
    .action(async (trace: string | undefined, o: { at?: string[]; print?: boolean; json?: boolean; lastWrite?: string }) => {
      code = await (await import('./commands/replay.js')).replayCommand(trace, o);
    });

  program.command('sql')
    .description('run one read-only SQL query on a trace\'s index (tables: see README "Query and export")')
    .argument('<trace-and-query...>', '[TRACE] "<query>" (TRACE defaults to the newest in traces/)')
    .option('--json', 'an array of row objects')
    .option('--csv', 'CSV with a header line')
    .option('--limit <n>', 'at most n rows (a terminal shows 1000 by default)')
    .action(async (args: string[], o: { json?: boolean; csv?: boolean; limit?: string }) => {
      if (args.length > 2) throw new UserError(`sql: expected [TRACE] "<query>", got ${args.length} arguments (quote the query)`);
      const [trace, query] = args.length === 2 ? args : [undefined, args[0]];
      code = (await import('./commands/sql.js')).sqlCommand(trace, query, { json: o.json, csv: o.csv, limit: o.limit !== undefined ? parseCount('--limit', o.limit) : undefined });
    });

  program.command('export')
    .description('export a recording for other tools: Perfetto / chrome://tracing JSON, or events as CSV')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/)')
    .requiredOption('-o, --output <file>', 'output file')
    .option('--format <f>', 'perfetto (Chrome JSON trace event format) or csv (events)', 'perfetto')
    .option('--from <cycle>', 'from this cycle')
    .option('--to <cycle>', 'up to this cycle')
    .action(async (trace: string | undefined, o: { output: string; format: string; from?: string; to?: string }) => {
      code = (await import('./commands/export.js')).exportCommand(trace, {
        output: o.output, format: o.format,
        from: o.from !== undefined ? parseCount('--from', o.from) : undefined,
        to: o.to !== undefined ? parseCount('--to', o.to) : undefined,
      });
    });

  program.command('gdb')
    .description('serve a recording to gdb-multiarch (remote protocol with reverse execution); an image.elf is recorded first')
    .argument('[trace]', 'trace (.strace path or name; default: newest in traces/), or an image.elf to record into traces/ first')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0: any free port)', '1234')
    .option('--stdio', 'speak the protocol on stdin/stdout: (gdb) target remote | seltrace gdb --stdio TRACE')
    .option('--write-elfs <dir>', "write the recording's ELFs (each PD's program, or the bare image) into dir for symbol-file")
    .addOption(new Option('--max-cycles <n>', 'when recording an image first: stop after n cycles').default(String(DEFAULT_MAX_CYCLES)))
    .option('--input <file>', 'when recording an image first: scripted UART input')
    .option('--memory <size>', 'when recording an image first: RAM size, e.g. 512M (default 128M)')
    .option('--bios <file>', 'when recording an image first: firmware as for record (none, default, or a file)')
    .option('--semihosting', 'when recording an image first: semihosting on (see record)')
    .option('--no-semihosting', 'when recording an image first: semihosting off')
    .action(async (trace: string | undefined, o: { port: string; stdio?: boolean; writeElfs?: string; maxCycles: string; input?: string } & MachineFlags) => {
      code = await (await import('./commands/gdb.js')).gdbCommand(trace, {
        port: parseCount('--port', o.port), stdio: o.stdio, writeElfs: o.writeElfs, input: o.input,
        maxCycles: parseCount('--max-cycles', o.maxCycles), machine: machineFlags(o),
      });
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
