#!/usr/bin/env node
/** seltrace command-line interface. */
import { Command, Option } from 'commander';
import { runCommand } from './commands/run.js';
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
