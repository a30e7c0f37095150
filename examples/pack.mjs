// Packs one .system file with seltrace's own packer from dist/ (the CLI's `pack` without the CLI):
//   node examples/pack.mjs SYSTEM.system -o image.elf
import { packCommand } from '../dist/src/commands/pack.js';

const args = process.argv.slice(2);
const o = args.indexOf('-o');
if (args.length !== 3 || o < 0 || o === args.length - 1) {
  process.stderr.write('usage: node examples/pack.mjs SYSTEM.system -o image.elf\n');
  process.exit(2);
}
const output = args[o + 1];
const system = args.find((_, i) => i !== o && i !== o + 1);
process.exit(packCommand(system, { output }));
