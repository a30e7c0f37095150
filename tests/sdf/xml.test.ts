import { describe, expect, it } from 'vitest';
import { SdfError } from '../../emulator/kernel/sdf/errors.js';
import { parseSystem } from '../../emulator/kernel/sdf/sdf.js';
import { getAttribute, parseXml, type XmlElement } from '../../emulator/kernel/sdf/xml.js';

function xmlError(text: string): SdfError {
  try {
    parseXml(text, 'x.xml');
  } catch (e) {
    if (e instanceof SdfError) return e;
    throw e;
  }
  throw new Error('expected an SdfError');
}

function expectXmlError(text: string, line: number, col: number, fragment: string): void {
  const e = xmlError(text);
  expect({ line: e.line, col: e.col }).toEqual({ line, col });
  expect(e.message.startsWith(`x.xml:${line}:${col}: `)).toBe(true);
  expect(e.message).toContain(fragment);
  expect(e.message).not.toMatch(/[\r\n]/);
}

const elements = (el: XmlElement): XmlElement[] => el.children.filter((c): c is XmlElement => c.kind === 'element');

describe('parseXml: well-formed input', () => {
  it('builds a tree with positions, both quote styles and self-closing tags', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a x="1" y = \'two\'>\n  <b/>\n  <c z="3"></c>\n</a>\n', 'f');
    expect(root.name).toBe('a');
    expect(root.pos).toEqual({ line: 3, col: 1 });
    expect(root.attributes.map((a) => [a.name, a.value, a.pos.line, a.pos.col])).toEqual([['x', '1', 3, 4], ['y', 'two', 3, 10]]);
    const [b, c] = elements(root);
    expect(b).toMatchObject({ name: 'b', pos: { line: 4, col: 3 }, children: [] });
    expect(c!.name).toBe('c');
    expect(getAttribute(c!, 'z')?.pos).toEqual({ line: 5, col: 6 });
  });

  it('decodes entity and character references', () => {
    const root = parseXml('<a v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;">x &amp; y</a>', 'f');
    expect(getAttribute(root, 'v')?.value).toBe('<>&"\'AB\u{1F600}');
    expect(root.children).toEqual([{ kind: 'text', text: 'x & y', pos: { line: 1, col: 54 } }]);
  });

  it('normalizes literal whitespace in attribute values but keeps character references', () => {
    expect(getAttribute(parseXml('<a v="1\n\t2&#10;"/>', 'f'), 'v')?.value).toBe('1  2\n');
  });

  it('counts CRLF and CR as one line break, ignores a BOM', () => {
    const root = parseXml('\uFEFF<a>\r\n\r<b/></a>', 'f');
    expect(root.pos).toEqual({ line: 1, col: 1 });
    expect(elements(root)[0]!.pos).toEqual({ line: 3, col: 1 });
  });

  it('handles deep nesting without recursion', () => {
    const depth = 20000;
    const root = parseXml('<a>'.repeat(depth) + '</a>'.repeat(depth), 'f');
    expect(root.name).toBe('a');
  });
});

describe('parseXml: malformed input', () => {
  it('unclosed tag', () => {
    expectXmlError('<a>\n  <b>\n</a>', 3, 1, 'mismatched closing tag </a>: expected </b> (opened at 2:3)');
    expectXmlError('<a>\n  <b>\n', 2, 3, 'element <b> is never closed');
    expectXmlError('<a>\n  <b x="1"', 2, 3, "tag <b> is never closed (missing '>')");
  });
  it('mismatched close', () => {
    expectXmlError('<a><b></c></a>', 1, 7, 'mismatched closing tag </c>: expected </b> (opened at 1:4)');
  });
  it('stray closing tag', () => {
    expectXmlError('</a>', 1, 1, 'unexpected closing tag </a>');
  });
  it('unquoted attribute value', () => {
    expectXmlError('<a x=1/>', 1, 6, `attribute x: value must be quoted with ' or "`);
  });
  it('missing closing quote', () => {
    expectXmlError('<a x="1/>', 1, 6, 'attribute x: unterminated quoted value');
    expectXmlError('<a x="1>\n<b y="2"/></a>', 2, 1, "attribute x: '<' is not allowed in a value (missing closing quote?)");
  });
  it('mismatched quotes', () => {
    expectXmlError(`<a x="1'/>`, 1, 6, 'attribute x: unterminated quoted value');
  });
  it('missing = and missing whitespace between attributes', () => {
    expectXmlError('<a x "1"/>', 1, 6, "attribute x: expected '=' after the attribute name");
    expectXmlError('<a x="1"y="2"/>', 1, 9, "expected whitespace, '>' or '/>' in tag <a>");
  });
  it('duplicate attribute', () => {
    expectXmlError('<a x="1" x="2"/>', 1, 10, 'duplicate attribute x in <a>');
  });
  it('unknown entity', () => {
    expectXmlError('<a>\n  &nbsp;</a>', 2, 3, 'unknown entity &nbsp;');
    expectXmlError('<a v="&constructor;"/>', 1, 7, 'unknown entity &constructor;');
  });
  it('bare ampersand', () => {
    expectXmlError('<a v="R&D"/>', 1, 8, "malformed entity reference (write a literal '&' as &amp;)");
  });
  it('invalid character reference', () => {
    expectXmlError('<a>&#0;</a>', 1, 4, 'character reference &#0; is not a valid XML character');
    expectXmlError('<a>&#x110000;</a>', 1, 4, 'is not a valid XML character');
  });
  it('garbage after the root', () => {
    expectXmlError('<a/>\n junk', 2, 2, 'unexpected content after the root element');
    expectXmlError('<a/><b/>', 1, 5, 'only one root element is allowed');
  });
  it('text before the root', () => {
    expectXmlError('hi <a/>', 1, 1, 'text before the root element');
  });
  it('empty document', () => {
    expectXmlError('  \n <!-- nothing -->\n', 3, 1, 'no root element');
  });
  it('CDATA is rejected', () => {
    expectXmlError('<a><![CDATA[x]]></a>', 1, 4, 'CDATA sections are not supported');
  });
  it('DOCTYPE is rejected', () => {
    expectXmlError('<!DOCTYPE a>\n<a/>', 1, 1, 'DOCTYPE and other <! declarations are not supported');
  });
  it('comments: unclosed, double dash', () => {
    expectXmlError('<a><!-- x </a>', 1, 4, 'comment is never closed');
    expectXmlError('<a><!-- x -- y --></a>', 1, 11, "'--' is not allowed inside a comment");
  });
  it('XML declaration only at the start, and well-formed', () => {
    expectXmlError('\n<?xml version="1.0"?><a/>', 2, 1, 'the XML declaration is only allowed at the very start');
    expectXmlError('<?xml encoding="UTF-8"?><a/>', 1, 1, 'must start with version');
    expectXmlError('<?xml version="1.0" foo="1"?><a/>', 1, 21, 'unexpected foo in the XML declaration');
    expectXmlError('<?xml version="1.0"<a/>', 1, 1, 'the XML declaration is never closed');
  });
  it('processing instructions are rejected', () => {
    expectXmlError('<a><?php x ?></a>', 1, 4, 'processing instructions are not supported');
  });
  it('control characters are rejected', () => {
    expectXmlError('<a>\n\u0001</a>', 2, 1, 'invalid character U+0001');
  });
  it('a bad element name', () => {
    expectXmlError('<a>< b/></a>', 1, 5, "expected an element name after '<'");
  });
});

describe('parseSystem reports XML errors with the .system file name', () => {
  it('prefixes file:line:col', () => {
    expect(() => parseSystem('<system>\n  <protection_domain name="a">\n</system>', 'my.system'))
      .toThrow('my.system:3:1: mismatched closing tag </system>: expected </protection_domain> (opened at 2:3)');
  });
  it('never throws anything but SdfError on junk', () => {
    const junk = ['', '<', '<>', '<system', '<system/', '<system>&', '<<<>>>', '<system a=>', '\u0000', '<system></system>x', '<system><channel/></system>'];
    for (const j of junk) expect(() => parseSystem(j, 'j.system')).toThrow(SdfError);
  });
});
