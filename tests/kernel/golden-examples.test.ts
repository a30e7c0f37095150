/**
 * Golden digests of every example system: the kernel events, the hart and kernel state every 1M
 * cycles, and the final state (RAM included) of each run, observed and sliced as a recording
 * runs it, must equal the committed values, and an untraced run must end in the same state.
 * Speed work on the kernel model and the machine must leave these unchanged; a deliberate
 * behaviour change updates them (print the new ones with GOLDEN_PRINT=1) and says so.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { systemDigest } from '../helpers/system-digest.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
/** control-loop runs ≈ 1G cycles; its first 40M (boot, releases, IRQs, a refit) are enough here. */
const LIMIT: Record<string, number> = { 'control-loop': 40_000_000 };
const MAX_CYCLES = 300_000_000;

interface Golden { events: string; states: string; final: string; cycles: number; instret: number; eventCount: number }

const GOLDEN: [string, Golden][] = [
  ['budget-overrun', { events: '7ae4feed7d2b9f2b', states: 'a07c509f2663f74b', final: 'f3bb17bbcde7b461', cycles: 832397, instret: 788897, eventCount: 200 }],
  ['client-server-driver', { events: '273eb7e899252574', states: '2628eff6e01237f5', final: '3599ec07f61bed89', cycles: 27914, instret: 5214, eventCount: 235 }],
  ['control-loop', { events: 'a58807f5a19f2cb9', states: 'cc69cc0823c52c92', final: 'bd26672652f331bd', cycles: 40000000, instret: 5696395, eventCount: 23962 }],
  ['deadline-miss', { events: '2e11cbb08fc8dda1', states: '6c4d9e0ef4b599f4', final: '91b87005204223d8', cycles: 2468806, instret: 401924, eventCount: 867 }],
  ['eight-pds', { events: 'c01914748e213a2e', states: '473661da517b6446', final: '31fdc8e1095148a9', cycles: 929941, instret: 25241, eventCount: 3831 }],
  ['hello', { events: '180dce0102496e6c', states: '02e3e3aade622d23', final: 'ccd76812e52d10ac', cycles: 4980, instret: 80, eventCount: 46 }],
  ['interference', { events: '897fa6a149b4ef08', states: 'f1295cc9776a705c', final: '1b3cad82d8eff9af', cycles: 1306297, instret: 455257, eventCount: 236 }],
  ['irq-delay', { events: '22753a91cfc0387c', states: '4effca367c314f00', final: '407ad367ac28356e', cycles: 1021957, instret: 101800, eventCount: 238 }],
  ['overload', { events: '677d2036b806bd86', states: '4a85d53d57c3ca75', final: 'b2dcebbba6c64ce6', cycles: 1654107, instret: 724591, eventCount: 1020 }],
  ['passive-shared', { events: '7706ab86b28a9106', states: '893e9b0d909dc5f9', final: 'e945d920747a333b', cycles: 4119927, instret: 230210, eventCount: 1308 }],
  ['passive-signal', { events: '0dbfffb98db7ee7d', states: 'cdb35db8cb13cbb9', final: '86a141fe1dd8bbe9', cycles: 18850, instret: 2250, eventCount: 153 }],
  ['pid-control', { events: 'b0af4990a0f86fc3', states: '419851a785587235', final: 'ecf6f0762cf271b1', cycles: 30043702, instret: 114194, eventCount: 11716 }],
  ['ppc-chain', { events: '865ec2872e730660', states: '9b1505c824a5cbcf', final: '56f4edc39ece7f93', cycles: 1427168, instret: 174920, eventCount: 398 }],
  ['ppc-fault', { events: '05eca02088bb3e51', states: 'dec786227adc9570', final: '9dc5b508a47711e9', cycles: 391259, instret: 1779, eventCount: 390 }],
  ['producer-consumer', { events: 'aaf01dcb79a0a36e', states: '6d6f20fba3672fd0', final: 'f44924b3546096be', cycles: 199361, instret: 6561, eventCount: 1281 }],
  ['realtime', { events: '525291b2370d8739', states: '41c4dcfee94faf4a', final: 'e2e10fca747aa330', cycles: 1040815, instret: 805515, eventCount: 1425 }],
  ['spi-driver', { events: '1455ec67196d4e8b', states: 'b93898db6fdbc2e6', final: '8c9c2c0ad4ecb8e2', cycles: 112942, instret: 6842, eventCount: 742 }],
];

describe('example systems run exactly as before (golden digests)', () => {
  it.each(GOLDEN)('%s', (name, want) => {
    const image = new Uint8Array(readFileSync(join(EXAMPLES, name, 'image.elf')));
    const d = systemDigest(image, `${name}/image.elf`, LIMIT[name] ?? MAX_CYCLES);
    const got = { events: d.events, states: d.states, final: d.final, cycles: d.cycles, instret: d.instret, eventCount: d.eventCount };
    if (process.env.GOLDEN_PRINT) process.stdout.write(`  ['${name}', ${JSON.stringify(got)}],\n`);
    expect(d.untraced, 'untraced run ends in another state than the observed one').toBe(d.final);
    expect(d.cacheMismatches, 'the ready bitmap disagreed with the ready queues').toBe(0);
    expect(got).toEqual(want);
  });
});
