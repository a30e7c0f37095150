#!/usr/bin/env node
/** seltrace command-line interface. */
import { Command, Option } from 'commander';
import { runCommand } from './commands/run.js';
import { recordCommand } from './commands/record.js';
import { reportError, parseCount } from './errors.js';
import { DEFAULT_MAX_CYCLES } from '../emulator/run.js';

function main(argv: string[]): number {
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
    .action((image: string, o: { output?: string; maxCycles: string; input?: string; checkpointEvery?: string; quiet?: boolean }) => {
      code = recordCommand(image, {
        output: o.output, maxCycles: parseCount('--max-cycles', o.maxCycles), input: o.input, quiet: o.quiet,
        checkpointEvery: o.checkpointEvery !== undefined ? parseCount('--checkpoint-every', o.checkpointEvery) : undefined,
      });
    });

  try {
    program.parse(argv);
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      return ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' ? 0 : 2;
    }
    return reportError(e);
  }
  return code;
}

process.exitCode = main(process.argv);
