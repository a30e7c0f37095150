/**
 * Element-local parsing of SDF elements into drafts: attributes, defaults, ranges and child
 * structure. Checks that need the whole system (names, overlaps, channels) live in sdf.ts; drafts
 * keep their ElementReader so those later checks can still point at the offending attribute.
 */
import { ElementReader } from './attrs.js';
import { at, hex, quote, type SourcePos } from './errors.js';
import {
  DEFAULT_BUDGET_US, DEFAULT_STACK_SIZE, LARGE_PAGE_SIZE, MAX_CHANNEL_ID, MAX_IRQ, MAX_PD_NAME_BYTES, MAX_PD_PRIORITY,
  MAX_STACK_SIZE, MIN_BUDGET_US, MIN_IRQ, MIN_STACK_SIZE, PAGE_SIZE, USER_TOP,
} from './microkit-layout.js';
import type { MapPerms, PageSize } from './types.js';
import type { XmlElement } from './xml.js';

export interface MrDraft {
  readonly r: ElementReader;
  readonly name: string;
  readonly size: number;
  /** As written, or the 4 KiB default before page-size optimisation. */
  readonly pageSize: PageSize;
  readonly explicit: boolean;
  readonly physAddr: number | null;
}

export interface MapDraft {
  readonly r: ElementReader;
  readonly mr: string;
  readonly vaddr: number;
  readonly perms: MapPerms;
  readonly cached: boolean;
  readonly setvarVaddr: string | null;
  readonly setvarSize: string | null;
}

export interface IrqDraft {
  readonly r: ElementReader;
  readonly irq: number;
  readonly id: number;
  readonly trigger: 'level' | 'edge';
}

export interface SetvarDraft {
  readonly r: ElementReader;
  readonly symbol: string;
  readonly region: string;
}

export interface PdDraft {
  readonly r: ElementReader;
  readonly name: string;
  readonly priority: number;
  readonly budgetUs: number;
  readonly periodUs: number;
  readonly passive: boolean;
  readonly stackSize: number;
  readonly programImage: string;
  readonly programImageForSymbols: string | null;
  readonly maps: MapDraft[];
  readonly irqs: IrqDraft[];
  readonly setvars: SetvarDraft[];
}

export interface EndDraft {
  readonly r: ElementReader;
  readonly pdName: string;
  readonly id: number;
  readonly pp: boolean;
  readonly notify: boolean;
}

export interface ChannelDraft {
  readonly r: ElementReader;
  readonly ends: readonly [EndDraft, EndDraft];
}

/** Element children of `r.el`; non-whitespace text anywhere is an error (as in Microkit). */
export function childElements(r: ElementReader): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of r.el.children) {
    if (c.kind === 'element') out.push(c);
    else if (c.text.trim() !== '') r.failAt(c.pos, `${r.el.name}: unexpected text ${quote(c.text.trim())}`);
  }
  return out;
}

/** Leaf elements (map, irq, ...) must have no element children. */
function leaf(file: string, el: XmlElement, allowed: readonly string[]): ElementReader {
  const r: ElementReader = new ElementReader(file, el, allowed);
  const child = childElements(r)[0];
  if (child) r.failAt(child.pos, `${child.name}: unexpected element inside <${el.name}>`);
  return r;
}

export function unknownElement(r: ElementReader, child: XmlElement, expected: readonly string[]): never {
  r.failAt(child.pos, `${child.name}: unknown element inside <${r.el.name}> (expected ${expected.join(', ')})`);
}

export function parseMemoryRegion(file: string, el: XmlElement): MrDraft {
  const r: ElementReader = leaf(file, el, ['name', 'size', 'page_size', 'phys_addr']);
  const name = r.name('name');
  const sizeAttr = r.required('size');
  const size = r.number(sizeAttr, { min: 1 });
  const psAttr = r.attr('page_size');
  let pageSize: PageSize = PAGE_SIZE;
  if (psAttr) {
    const ps = r.number(psAttr);
    if (ps !== PAGE_SIZE && ps !== LARGE_PAGE_SIZE) r.failAttr(psAttr, `${psAttr.value} is not supported (use 0x1000 or 0x200000)`);
    pageSize = ps === LARGE_PAGE_SIZE ? LARGE_PAGE_SIZE : PAGE_SIZE;
  }
  if (size % pageSize !== 0) r.failAttr(sizeAttr, `${sizeAttr.value} is not a multiple of the page size ${hex(pageSize)}`);
  const paAttr = r.attr('phys_addr');
  const physAddr = paAttr ? r.number(paAttr) : null;
  if (paAttr && physAddr! % pageSize !== 0) r.failAttr(paAttr, `${paAttr.value} is not aligned to the page size ${hex(pageSize)}`);
  return { r, name, size, pageSize, explicit: psAttr !== undefined, physAddr };
}

function parsePerms(r: ElementReader): MapPerms {
  const a = r.attr('perms');
  if (!a) return { read: true, write: true, execute: false };
  if (!/^[rwx]+$/.test(a.value)) r.failAttr(a, `${quote(a.value)} must be a combination of the letters r, w and x`);
  const perms = { read: a.value.includes('r'), write: a.value.includes('w'), execute: a.value.includes('x') };
  if (perms.write && !perms.read && !perms.execute) r.failAttr(a, 'write-only mappings are not allowed (use "rw")');
  return perms;
}

function parseMap(file: string, el: XmlElement): MapDraft {
  const r: ElementReader = leaf(file, el, ['mr', 'vaddr', 'perms', 'cached', 'setvar_vaddr', 'setvar_size']);
  const mr = r.name('mr');
  const vaddrAttr = r.required('vaddr');
  const outside = `is outside the user address space (a PD's virtual addresses end below ${hex(USER_TOP)}, Sv39)`;
  const vaddr = r.number(vaddrAttr, { tooLarge: outside });
  if (vaddr >= USER_TOP) r.failAttr(vaddrAttr, `${vaddrAttr.value} ${outside}`);
  if (vaddr % PAGE_SIZE !== 0) r.failAttr(vaddrAttr, `${vaddrAttr.value} is not page aligned`);
  return {
    r, mr, vaddr, perms: parsePerms(r), cached: r.bool('cached', true),
    setvarVaddr: r.optString('setvar_vaddr'), setvarSize: r.optString('setvar_size'),
  };
}

function parseIrq(file: string, el: XmlElement): IrqDraft {
  const r: ElementReader = leaf(file, el, ['irq', 'id', 'trigger']);
  const irq = r.reqNumber('irq', { min: MIN_IRQ, max: MAX_IRQ });
  const id = r.reqNumber('id', { min: 0, max: MAX_CHANNEL_ID });
  const t = r.attr('trigger');
  if (t && t.value !== 'level' && t.value !== 'edge') r.failAttr(t, `must be "level" or "edge", not ${quote(t.value)}`);
  return { r, irq, id, trigger: t?.value === 'edge' ? 'edge' : 'level' };
}

export function parseProtectionDomain(file: string, el: XmlElement): PdDraft {
  const r: ElementReader = new ElementReader(file, el, ['name', 'priority', 'budget', 'period', 'passive', 'stack_size']);
  const name = r.name('name');
  // The loader writes the name into the PD's `char microkit_name[64]` with its NUL: a longer one
  // was cut there silently (the PD printed another name than the kernel's thread had).
  const nameBytes = new TextEncoder().encode(name).length;
  if (nameBytes > MAX_PD_NAME_BYTES) {
    r.failAttr(r.required('name'), `protection domain name is ${nameBytes} bytes long; at most ${MAX_PD_NAME_BYTES} fit in microkit_name[${MAX_PD_NAME_BYTES + 1}]`);
  }
  const priority = r.optNumber('priority', 0, { max: MAX_PD_PRIORITY });
  // A zero budget (or period) is a PD that can never run: the kernel would replenish it forever.
  const budgetUs = r.optNumber('budget', DEFAULT_BUDGET_US, { min: 1 });
  const periodUs = r.optNumber('period', budgetUs, { min: 1 });
  // seL4's SchedControl_Configure refuses a budget or period below MIN_BUDGET (seL4_RangeError), so
  // the system could not boot.
  for (const [what, v] of [['budget', budgetUs], ['period', periodUs]] as const) {
    if (v < MIN_BUDGET_US) {
      r.failAttr(r.required(what), `${v} us is below seL4's minimum budget of ${MIN_BUDGET_US} us (MIN_BUDGET = 2 × the kernel's WCET): SchedControl_Configure would fail with seL4_RangeError`);
    }
  }
  if (budgetUs > periodUs) {
    // period is necessarily written here: its default equals the budget.
    // Without a budget attribute the budget is Microkit's default: say so, or the message names a
    // number the file does not contain.
    const given = r.attr('budget') !== undefined ? '' : `, the default: no budget attribute; set budget="${periodUs}" or less`;
    r.failAttr(r.required('period'), `budget (${budgetUs} us${given}) must not exceed period (${periodUs} us)`);
  }
  const passive = r.bool('passive', false);
  const ssAttr = r.attr('stack_size');
  const stackSize = ssAttr ? r.number(ssAttr, { min: MIN_STACK_SIZE, max: MAX_STACK_SIZE }) : DEFAULT_STACK_SIZE;
  if (ssAttr && stackSize % PAGE_SIZE !== 0) r.failAttr(ssAttr, `${ssAttr.value} is not a multiple of 0x1000`);

  let image: { path: string; forSymbols: string | null; pos: SourcePos } | undefined;
  const maps: MapDraft[] = [];
  const irqs: IrqDraft[] = [];
  const setvars: SetvarDraft[] = [];
  // Every patched symbol must be set once, whichever element sets it.
  const symbols = new Map<string, SourcePos>();
  const claimSymbol = (cr: ElementReader, attrName: string): void => {
    const a = cr.required(attrName);
    const first = symbols.get(a.value);
    if (first) cr.failAttr(a, `symbol ${quote(a.value)} is already set at ${at(first)}`);
    symbols.set(a.value, a.pos);
  };

  for (const child of childElements(r)) {
    switch (child.name) {
      case 'program_image': {
        const cr: ElementReader = leaf(file, child, ['path', 'path_for_symbols']);
        if (image) cr.fail(`only one program_image is allowed per protection domain (first at ${at(image.pos)})`);
        image = { path: cr.name('path'), forSymbols: cr.optString('path_for_symbols'), pos: child.pos };
        break;
      }
      case 'map': {
        const m = parseMap(file, child);
        if (m.setvarVaddr !== null) claimSymbol(m.r, 'setvar_vaddr');
        if (m.setvarSize !== null) claimSymbol(m.r, 'setvar_size');
        maps.push(m);
        break;
      }
      case 'irq':
        irqs.push(parseIrq(file, child));
        break;
      case 'setvar': {
        const cr: ElementReader = leaf(file, child, ['symbol', 'region_paddr']);
        const symbol = cr.name('symbol');
        const region = cr.name('region_paddr');
        claimSymbol(cr, 'symbol');
        setvars.push({ r: cr, symbol, region });
        break;
      }
      case 'protection_domain':
        r.failAt(child.pos, 'protection_domain: nested (child) protection domains are not supported yet');
      default:
        unknownElement(r, child, ['program_image', 'map', 'irq', 'setvar']);
    }
  }
  if (!image) r.fail(`missing program_image element in protection domain ${quote(name)}`);
  return {
    r, name, priority, budgetUs, periodUs, passive, stackSize,
    programImage: image.path, programImageForSymbols: image.forSymbols, maps, irqs, setvars,
  };
}

function parseEnd(file: string, el: XmlElement): EndDraft {
  const r: ElementReader = leaf(file, el, ['pd', 'id', 'pp', 'notify']);
  return {
    r,
    pdName: r.name('pd'),
    id: r.reqNumber('id', { min: 0, max: MAX_CHANNEL_ID }),
    pp: r.bool('pp', false),
    notify: r.bool('notify', true),
  };
}

export function parseChannel(file: string, el: XmlElement): ChannelDraft {
  const r: ElementReader = new ElementReader(file, el, []);
  const ends: EndDraft[] = [];
  for (const child of childElements(r)) {
    if (child.name !== 'end') unknownElement(r, child, ['end']);
    ends.push(parseEnd(file, child));
  }
  const [a, b] = ends;
  if (ends.length !== 2 || !a || !b) r.fail(`must contain exactly two <end> elements, found ${ends.length}`);
  return { r, ends: [a, b] };
}
