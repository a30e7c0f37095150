import { describe, expect, it } from 'vitest';
import { SdfError } from '../../emulator/kernel/sdf/errors.js';
import { parseSystem } from '../../emulator/kernel/sdf/sdf.js';

/** Body lines go inside <system> (line 1), so body[k] is on line k + 2. */
function errorOf(body: readonly string[]): SdfError {
  try {
    parseSystem(['<system>', ...body, '</system>'].join('\n'), 'bad.system');
  } catch (e) {
    if (e instanceof SdfError) return e;
    throw e;
  }
  throw new Error('expected an SdfError');
}

function expectError(body: readonly string[], line: number, col: number, fragment: string): void {
  const e = errorOf(body);
  expect({ line: e.line, col: e.col }).toEqual({ line, col });
  expect(e.message.startsWith(`bad.system:${line}:${col}: `)).toBe(true);
  expect(e.message).toContain(fragment);
  expect(e.message).not.toMatch(/[\r\n]/);
}

/** A valid one-line PD (its name attribute starts at column 20). */
const PD = (name: string, attrs = '') =>
  `<protection_domain name="${name}"${attrs}><program_image path="${name}.elf"/></protection_domain>`;

describe('element and attribute checks', () => {
  it('unknown element', () => {
    expectError(['<foo/>'], 2, 1, 'foo: unknown element inside <system>');
  });
  it('unknown element inside a PD', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '  <virtual_machine name="vm"/>', '</protection_domain>'],
      4, 3, 'virtual_machine: unknown element inside <protection_domain>');
  });
  it('unknown attribute', () => {
    expectError(['<protection_domain name="a" colour="red"><program_image path="a.elf"/></protection_domain>'],
      2, 29, 'protection_domain colour: unknown attribute');
  });
  it('missing required attribute', () => {
    expectError(['<memory_region size="0x1000"/>'], 2, 1, 'memory_region name: missing required attribute');
  });
  it('missing required attribute on a channel end', () => {
    expectError([PD('a'), PD('b'), '<channel>', '  <end pd="a"/>', '  <end pd="b" id="0"/>', '</channel>'],
      5, 3, 'end id: missing required attribute');
  });
  it('bad number', () => {
    expectError(['<memory_region name="m" size="12k"/>'], 2, 25, 'memory_region size: bad number "12k"');
  });
  it('negative number', () => {
    expectError([PD('a', ' priority="-1"')], 2, 29, 'protection_domain priority: bad number "-1"');
  });
  it('bad boolean', () => {
    expectError([PD('a', ' passive="yes"')], 2, 29, 'protection_domain passive: must be "true" or "false"');
  });
  it('text inside an element', () => {
    expectError(['<protection_domain name="a">', '  hello <program_image path="a.elf"/>', '</protection_domain>'],
      3, 3, 'protection_domain: unexpected text "hello"');
  });
  it('child element inside a leaf element', () => {
    expectError(['<memory_region name="m" size="0x1000"><x/></memory_region>'], 2, 39, 'x: unexpected element inside <memory_region>');
  });
  it('root must be <system>', () => {
    const e = (() => { try { parseSystem('<sys/>', 'r.system'); } catch (x) { return x as SdfError; } })();
    expect(e?.message).toBe('r.system:1:1: sys: the root element must be <system>');
  });
  it('at least one PD', () => {
    expectError(['<memory_region name="m" size="0x1000"/>'], 1, 1, 'system: at least one protection_domain is required');
  });
});

describe('names', () => {
  it('duplicate PD name', () => {
    expectError([PD('a'), PD('a')], 3, 20, 'protection_domain name: duplicate protection domain name "a" (first at 2:1)');
  });
  it('duplicate memory region name', () => {
    expectError(['<memory_region name="m" size="0x1000"/>', '<memory_region name="m" size="0x2000"/>'],
      3, 16, 'memory_region name: duplicate memory region name "m" (first at 2:1)');
  });
  it('PD name longer than microkit_name[64] holds (was cut silently in the PD)', () => {
    expectError([PD('p'.repeat(64))], 2, 20, 'protection_domain name: protection domain name is 64 bytes long; at most 63 fit in microkit_name[64]');
    expect(() => parseSystem(['<system>', PD('p'.repeat(63)), '</system>'].join('\n'), 'ok.system')).not.toThrow();
  });
  it('empty name', () => {
    expectError([PD('')], 2, 20, 'protection_domain name: must not be empty');
  });
  it('unknown PD in a channel end', () => {
    expectError([PD('a'), '<channel>', '<end pd="a" id="0"/>', '<end pd="nope" id="0"/>', '</channel>'],
      5, 6, 'end pd: unknown protection domain "nope"');
  });
  it('unknown memory region in a map', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<map mr="nope" vaddr="0x1000000"/>', '</protection_domain>'],
      4, 6, 'map mr: unknown memory region "nope"');
  });
  it('unknown memory region in a setvar', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<setvar symbol="p" region_paddr="nope"/>', '</protection_domain>'],
      4, 20, 'setvar region_paddr: unknown memory region "nope"');
  });
  it('symbol set twice', () => {
    expectError(['<memory_region name="m" size="0x1000"/>', '<protection_domain name="a">', '<program_image path="a.elf"/>',
      '<map mr="m" vaddr="0x1000000" setvar_vaddr="p"/>', '<setvar symbol="p" region_paddr="m"/>', '</protection_domain>'],
      6, 9, 'setvar symbol: symbol "p" is already set at 5:31');
  });
});

describe('protection domain attributes', () => {
  it('priority out of range', () => {
    expectError([PD('a', ' priority="255"')], 2, 29, 'protection_domain priority: 255 is out of range (must be at most 254)');
  });
  it('budget > period', () => {
    expectError([PD('a', ' budget="2000" period="1000"')], 2, 43, 'protection_domain period: budget (2000 us) must not exceed period (1000 us)');
  });
  it('zero budget or period (the PD could never run; run/record used to spin)', () => {
    expectError([PD('a', ' budget="0"')], 2, 29, 'protection_domain budget: 0 is out of range (must be at least 1)');
    expectError([PD('a', ' budget="10" period="0"')], 2, 41, 'protection_domain period: 0 is out of range (must be at least 1)');
  });
  it('budget below seL4 MIN_BUDGET (20 us): SchedControl_Configure would refuse it at boot', () => {
    expectError([PD('a', ' budget="10" period="1000"')], 2, 29, "protection_domain budget: 10 us is below seL4's minimum budget of 20 us");
    expect(() => parseSystem(['<system>', PD('a', ' budget="20" period="1000"'), '</system>'].join('\n'), 'x')).not.toThrow();
  });
  it('budget above the default period', () => {
    // period defaults to the budget, so only an explicit smaller period can trip this.
    expectError([PD('a', ' period="999"')], 2, 29,
      'protection_domain period: budget (1000 us, the default: no budget attribute; set budget="999" or less) must not exceed period (999 us)');
  });
  it('stack_size too small', () => {
    expectError([PD('a', ' stack_size="0x800"')], 2, 29, 'protection_domain stack_size: 0x800 is out of range (must be between 4096 and 16777216)');
  });
  it('stack_size not a page multiple', () => {
    expectError([PD('a', ' stack_size="0x1800"')], 2, 29, 'protection_domain stack_size: 0x1800 is not a multiple of 0x1000');
  });
  it('missing program_image', () => {
    expectError(['<protection_domain name="a"/>'], 2, 1, 'protection_domain: missing program_image element in protection domain "a"');
  });
  it('two program_images', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '  <program_image path="b.elf"/>', '</protection_domain>'],
      4, 3, 'program_image: only one program_image is allowed per protection domain (first at 3:1)');
  });
  it('nested PDs are not supported', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', `  ${PD('child', ' id="0"')}`, '</protection_domain>'],
      4, 3, 'nested (child) protection domains are not supported yet');
  });
  it('more than 63 PDs', () => {
    const pds = Array.from({ length: 64 }, (_, i) => PD(`pd${i}`));
    expectError(pds, 65, 1, 'protection_domain: too many protection domains (at most 63)');
    expect(() => parseSystem(['<system>', ...pds.slice(0, 63), '</system>'].join('\n'), 'ok.system')).not.toThrow();
  });
});

describe('memory regions', () => {
  it('size not a multiple of the page size', () => {
    expectError(['<memory_region name="m" size="0x1800"/>'], 2, 25, 'memory_region size: 0x1800 is not a multiple of the page size 0x1000');
  });
  it('size not a multiple of an explicit large page size', () => {
    expectError(['<memory_region name="m" size="0x1000" page_size="0x200000"/>'], 2, 25, 'is not a multiple of the page size 0x200000');
  });
  it('unsupported page size', () => {
    expectError(['<memory_region name="m" size="0x4000" page_size="0x2000"/>'], 2, 39, 'memory_region page_size: 0x2000 is not supported');
  });
  it('zero size', () => {
    expectError(['<memory_region name="m" size="0"/>'], 2, 25, 'memory_region size: 0 is out of range (must be at least 1)');
  });
  it('phys_addr inside RAM (the kernel\'s objects and page tables live there) is refused', () => {
    expectError(['<memory_region name="m" size="0x1000" phys_addr="0x80400000"/>', PD('p')], 2, 39,
      'memory_region phys_addr: [0x80400000..0x80401000) overlaps RAM [0x80000000..0x100000000), which the kernel owns');
    expectError(['<memory_region name="m" size="0x2000" phys_addr="0x7ffff000"/>', PD('p')], 2, 39, 'overlaps RAM');
  });
  it('regions allocated from RAM that cannot fit are refused with the sizes', () => {
    expectError(['<memory_region name="a" size="0x40000000"/>', '<memory_region name="b" size="0x40000000"/>', PD('p')], 3, 25,
      'memory_region size: memory regions allocated from RAM need 0x80000000 bytes so far, more than the 0x7fe00000 bytes the kernel can allocate even with the largest RAM');
  });
  it('misaligned phys_addr', () => {
    expectError(['<memory_region name="m" size="0x1000" phys_addr="0x10000800"/>'], 2, 39, 'memory_region phys_addr: 0x10000800 is not aligned');
  });
  it('overlapping physical ranges', () => {
    expectError(['<memory_region name="a" size="0x2000" phys_addr="0x10000000"/>', '<memory_region name="b" size="0x1000" phys_addr="0x10001000"/>', PD('p')],
      3, 39, 'memory_region phys_addr: [0x10001000..0x10002000) overlaps memory region "a" [0x10000000..0x10002000)');
  });
  it('number too large', () => {
    expectError(['<memory_region name="m" size="0x20000000000000"/>'], 2, 25, 'memory_region size: 0x20000000000000 is too large: numbers here stay below 2^53');
  });
});

describe('maps', () => {
  const withMaps = (...maps: string[]) => [
    '<memory_region name="m" size="0x2000"/>',
    '<memory_region name="n" size="0x1000"/>',
    '<protection_domain name="a">',
    '<program_image path="a.elf"/>',
    ...maps,
    '</protection_domain>',
  ];
  it('overlapping maps', () => {
    expectError(withMaps('<map mr="m" vaddr="0x1000000"/>', '<map mr="n" vaddr="0x1001000"/>'),
      7, 13, 'map vaddr: map of "n" [0x1001000..0x1002000) overlaps the map of "m" [0x1000000..0x1002000) at 6:1');
  });
  it('the same region mapped twice at different addresses is fine', () => {
    expect(() => parseSystem(['<system>', ...withMaps('<map mr="m" vaddr="0x1000000"/>', '<map mr="m" vaddr="0x1002000"/>'), '</system>'].join('\n'), 'x'))
      .not.toThrow();
  });
  it('vaddr not page aligned', () => {
    expectError(withMaps('<map mr="m" vaddr="0x1000800"/>'), 6, 13, 'map vaddr: 0x1000800 is not page aligned');
  });
  it('vaddr not aligned to a large page region', () => {
    expectError(['<memory_region name="big" size="0x200000" page_size="0x200000"/>', '<protection_domain name="a">',
      '<program_image path="a.elf"/>', '<map mr="big" vaddr="0x1001000"/>', '</protection_domain>'],
      5, 15, 'map vaddr: 0x1001000 is not aligned to the page size 0x200000 of memory region "big"');
  });
  it('vaddr outside the user address space (kernel window, above Sv39 user space)', () => {
    expectError(withMaps('<map mr="m" vaddr="0xffffffff80000000"/>'), 6, 13,
      "map vaddr: 0xffffffff80000000 is outside the user address space (a PD's virtual addresses end below 0x4000000000, Sv39)");
    expectError(withMaps('<map mr="m" vaddr="0x5000000000"/>'), 6, 13, 'map vaddr: 0x5000000000 is outside the user address space');
  });
  it('map reaching into the stack', () => {
    // Stack 0x2000 below 0x3fffffd000 => maps must end at or below 0x3fffffb000.
    expectError(withMaps('<map mr="m" vaddr="0x3fffffa000"/>'), 6, 13, 'reaches into the stack (maps must end at or below 0x3fffffb000');
    expect(() => parseSystem(['<system>', ...withMaps('<map mr="m" vaddr="0x3fffff9000"/>'), '</system>'].join('\n'), 'x')).not.toThrow();
  });
  it('write-only perms', () => {
    expectError(withMaps('<map mr="m" vaddr="0x1000000" perms="w"/>'), 6, 31, 'map perms: write-only mappings are not allowed');
  });
  it('bad perms letters', () => {
    expectError(withMaps('<map mr="m" vaddr="0x1000000" perms="rq"/>'), 6, 31, 'map perms: "rq" must be a combination of the letters r, w and x');
  });
});

describe('irqs and channel ids', () => {
  it('irq number out of range', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<irq irq="96" id="0"/>', '</protection_domain>'],
      4, 6, 'irq irq: 96 is out of range (must be between 1 and 95)');
  });
  it('channel id out of range', () => {
    expectError([PD('a'), PD('b'), '<channel><end pd="a" id="62"/><end pd="b" id="0"/></channel>'],
      4, 22, 'end id: 62 is out of range (must be between 0 and 61)');
  });
  it('bad trigger', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<irq irq="10" id="0" trigger="rising"/>', '</protection_domain>'],
      4, 22, 'irq trigger: must be "level" or "edge"');
  });
  it('IRQ claimed twice', () => {
    expectError(['<protection_domain name="a"><program_image path="a.elf"/><irq irq="10" id="0"/></protection_domain>',
      '<protection_domain name="b"><program_image path="b.elf"/><irq irq="10" id="0"/></protection_domain>'],
      3, 63, 'irq irq: IRQ 10 is already used by protection domain "a" at 2:63');
  });
  it('duplicate channel id across channels', () => {
    expectError([PD('a'), PD('b'), PD('c'),
      '<channel><end pd="a" id="0"/><end pd="b" id="0"/></channel>',
      '<channel><end pd="a" id="0"/><end pd="c" id="0"/></channel>'],
      6, 22, 'end id: channel id 0 is already used in protection domain "a" at 5:22');
  });
  it('duplicate channel id between an irq and a channel', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<irq irq="10" id="3"/>', '</protection_domain>', PD('b'),
      '<channel><end pd="b" id="0"/><end pd="a" id="3"/></channel>'],
      7, 42, 'end id: channel id 3 is already used in protection domain "a" at 4:15');
  });
  it('duplicate channel id between two irqs', () => {
    expectError(['<protection_domain name="a">', '<program_image path="a.elf"/>', '<irq irq="10" id="3"/>', '<irq irq="11" id="3"/>', '</protection_domain>'],
      5, 15, 'irq id: channel id 3 is already used in protection domain "a" at 4:15');
  });
});

describe('channels', () => {
  it('both ends pp', () => {
    expectError([PD('a', ' priority="1"'), PD('b', ' priority="2"'),
      '<channel><end pd="a" id="0" pp="true"/><end pd="b" id="0" pp="true"/></channel>'],
      4, 59, 'end pp: both ends have pp="true"');
  });
  it('channel to itself', () => {
    expectError([PD('a'), '<channel><end pd="a" id="0"/><end pd="a" id="1"/></channel>'], 3, 35, 'end pd: channel connects protection domain "a" to itself');
  });
  it('one end only', () => {
    expectError([PD('a'), '<channel><end pd="a" id="0"/></channel>'], 3, 1, 'channel: must contain exactly two <end> elements, found 1');
  });
  it('three ends', () => {
    expectError([PD('a'), PD('b'), '<channel><end pd="a" id="0"/><end pd="b" id="0"/><end pd="b" id="1"/></channel>'], 4, 1, 'found 3');
  });
  it('non-end child', () => {
    expectError([PD('a'), '<channel><start pd="a" id="0"/></channel>'], 3, 10, 'start: unknown element inside <channel> (expected end)');
  });
  it('PPC to an equal priority', () => {
    expectError([PD('a', ' priority="5"'), PD('b', ' priority="5"'),
      '<channel><end pd="a" id="0" pp="true"/><end pd="b" id="0"/></channel>'],
      4, 29, 'end pp: the callee must have a strictly higher priority than the caller: "a" (priority 5) calls "b" (priority 5)');
  });
  it('PPC to a lower priority, from the second end', () => {
    expectError([PD('a', ' priority="5"'), PD('b', ' priority="6"'),
      '<channel><end pd="a" id="0"/><end pd="b" id="0" pp="true"/></channel>'],
      4, 49, '"b" (priority 6) calls "a" (priority 5)');
  });
});
