import { describe, it, expect } from 'vitest';
import { BINDINGS, bindingFor, decodeKeys } from '../../tui/keys.js';
import { helpLines } from '../../tui/panes.js';
import { lineText } from '../../tui/text.js';


describe('key table', () => {
  it('binds the keys of the issue', () => {
    const want: [string, string][] = [
      ['right', 'step'], ['left', 'step'], ['n', 'jump'], ['N', 'jump'], ['s', 'jump'], ['S', 'jump'], ['i', 'jump'], ['I', 'jump'],
      ['c', 'jump'], ['C', 'jump'], ['r', 'jump'], ['R', 'jump'], ['f', 'jump'], ['F', 'jump'],
    ];
    for (const [k, t] of want) {
      const b = bindingFor(k);
      expect(b !== undefined && 'engine' in b ? b.engine.t : undefined, k).toBe(t);
    }
    for (const k of ['g', 't', '+', '-', '1', '2', '3', '4', '5', '?']) expect(bindingFor(k) !== undefined && 'ui' in bindingFor(k)!, k).toBe(true);
    for (const k of ['Q', 'ctrl-c']) expect(bindingFor(k) !== undefined && 'quit' in bindingFor(k)!, k).toBe(true);
    const back = bindingFor('left');
    expect(back !== undefined && 'engine' in back && back.engine).toEqual({ t: 'step', n: -1 });
  });

  it('lists every labelled binding in the help overlay', () => {
    const help = helpLines(80, 60).map(lineText).join('\n');
    for (const b of BINDINGS) if (b.label !== '') {
      expect(help).toContain(b.label);
      expect(help).toContain(b.help);
    }
  });

  it('every binding is reachable from the help (unlabelled rows follow a labelled one)', () => {
    expect(BINDINGS[0].label).not.toBe('');
  });
});

describe('decodeKeys', () => {
  it('names single keys', () => {
    expect(decodeKeys('\u001b[D')).toEqual(['left']);
    expect(decodeKeys('\u001bOC')).toEqual(['right']);
    expect(decodeKeys('\u001b[1;5C')).toEqual(['right']);
    expect(decodeKeys('\u0003')).toEqual(['ctrl-c']);
    expect(decodeKeys('\u001b')).toEqual(['escape']);
    expect(decodeKeys('\r')).toEqual(['enter']);
    expect(decodeKeys('\u007f')).toEqual(['backspace']);
    expect(decodeKeys('n')).toEqual(['n']);
    expect(decodeKeys('µ')).toEqual(['µ']);
  });

  it('splits chunks of several keys (typed while a frame was computing)', () => {
    expect(decodeKeys('nnN')).toEqual(['n', 'n', 'N']);
    expect(decodeKeys('\u001b[D\u001b[D\u001b[C')).toEqual(['left', 'left', 'right']);
    expect(decodeKeys('\u001b[5~x')).toEqual(['pageup', 'x']);
    expect(decodeKeys('ab\r')).toEqual(['a', 'b', 'enter']);
    expect(decodeKeys('\u001b[99Zq')).toEqual(['q']); // unknown sequences are skipped whole
  });
});
