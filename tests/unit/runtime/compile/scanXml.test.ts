import { describe, expect, it } from 'vitest';
import { elementAt, offsetOf, scanXml } from '../../../../runtime/src/parse/scanXml';

describe('scanXml', () => {
  it('outlines elements with their spans, ids and parents', () => {
    // given
    const xml = '<a id="root"><b id="x"/><c>t</c></a>';

    // when
    const outline = scanXml(xml);

    // then
    expect(outline.elements).toEqual([
      { name: 'a', id: 'root', start: 0, end: xml.length, parent: -1 },
      { name: 'b', id: 'x', start: 13, end: 24, parent: 0 },
      { name: 'c', id: undefined, start: 24, end: 32, parent: 0 },
    ]);
    expect(outline.maxDepth).toBe(2);
  });

  it('skips comments, CDATA, processing instructions and quoted angle brackets', () => {
    // given markup-like text where no element is
    const xml = '<?xml version="1.0"?><a><!-- <x> --><![CDATA[<y>]]><b name="1 > 0" id=\'q\'/></a>';

    // when
    const names = scanXml(xml).elements.map((e) => [e.name, e.id]);

    // then
    expect(names).toEqual([
      ['a', undefined],
      ['b', 'q'],
    ]);
  });

  it('stops at the depth limit', () => {
    // given
    const xml = '<a><a><a><a/></a></a></a>';

    // when
    const outline = scanXml(xml, 3);

    // then
    expect(outline.depthExceeded).toBe(true);
    expect(scanXml(xml, 4).depthExceeded).toBe(false);
  });

  it('finds the innermost element at an offset', () => {
    // given
    const xml = '<a><b><c/></b>text</a>';
    const outline = scanXml(xml);

    // when / then
    expect(elementAt(outline, xml.indexOf('<c'))?.name).toBe('c');
    expect(elementAt(outline, xml.indexOf('text'))?.name).toBe('a');
  });

  it('converts saxen line and column to an offset for every kind of line break', () => {
    // given lines ended by \n, \r\n and \r
    const xml = 'one\ntwo\r\nthree\rfour';

    // when / then
    expect(offsetOf(xml, 0, 1)).toBe(1);
    expect(xml.slice(offsetOf(xml, 1, 0), offsetOf(xml, 1, 3))).toBe('two');
    expect(xml.slice(offsetOf(xml, 2, 0), offsetOf(xml, 2, 5))).toBe('three');
    expect(xml.slice(offsetOf(xml, 3, 0))).toBe('four');
  });
});
