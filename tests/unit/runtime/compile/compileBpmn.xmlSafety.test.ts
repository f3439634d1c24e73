import { describe, expect, it } from 'vitest';
import { fixture, problemsOf } from './fixtures';

describe('compileBpmn checks the XML before parsing it', () => {
  it('rejects a DTD with exponential entity expansion', async () => {
    // given a "billion laughs" document
    const xml = fixture('entityExpansion');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then nothing is expanded: the DTD alone rejects it
    expect(problems).toEqual([
      {
        elementId: null,
        message: 'DTDs and entity declarations are not allowed (found <!DOCTYPE)',
      },
    ]);
  });

  it('rejects an external entity', async () => {
    // given a document that would read a local file into a task name
    const xml = fixture('externalEntity');

    // when / then
    expect(await problemsOf(xml)).toEqual([
      {
        elementId: null,
        message: 'DTDs and entity declarations are not allowed (found <!DOCTYPE)',
      },
    ]);
  });

  it('rejects an entity declaration even without a DOCTYPE', async () => {
    // given
    const xml = fixture('twoPools').replace(
      '<bpmn:definitions',
      '<!ENTITY x "y"><bpmn:definitions',
    );

    // when / then
    expect(await problemsOf(xml)).toEqual([
      { elementId: null, message: 'DTDs and entity declarations are not allowed (found <!ENTITY)' },
    ]);
  });

  it('rejects XML larger than the configured limit', async () => {
    // given a valid model and a limit below its size
    const xml = fixture('twoPools');

    // when
    const problems = await problemsOf(xml, { maxBytes: 1024 });

    // then
    expect(problems).toEqual([
      { elementId: null, message: 'the XML is larger than the limit of 1024 bytes' },
    ]);
  });

  it('rejects XML larger than 4 MiB by default, counting UTF-8 bytes', async () => {
    // given a valid model padded with a comment of 1.4 million three-byte characters
    const padding = `<!-- ${'€'.repeat(1_400_000)} -->`;
    const xml = fixture('twoPools').replace('<bpmn:collaboration', `${padding}<bpmn:collaboration`);
    expect(xml.length).toBeLessThan(4 * 1024 * 1024);

    // when / then
    expect(await problemsOf(xml)).toEqual([
      { elementId: null, message: 'the XML is larger than the limit of 4194304 bytes' },
    ]);
  });

  it('rejects elements nested deeper than 200 levels', async () => {
    // given documentation nested 250 deep inside a valid model
    const nested = '<bpmn:documentation>'.repeat(250) + '</bpmn:documentation>'.repeat(250);
    const xml = fixture('twoPools').replace(
      '<bpmn:task id="Task_Write" name="Write complaint">',
      `<bpmn:task id="Task_Write" name="Write complaint">${nested}`,
    );

    // when / then
    expect(await problemsOf(xml)).toEqual([
      { elementId: null, message: 'the XML nests elements deeper than the limit of 200 levels' },
    ]);
  });

  it('rejects malformed XML with its position', async () => {
    // given a model whose service task is never closed
    const xml = fixture('malformed');

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      { elementId: null, message: 'invalid XML: closing tag mismatch at line 23, column 3' },
    ]);
  });

  it('rejects text and XML that is not BPMN', async () => {
    // given / when / then
    expect(await problemsOf('')).toEqual([
      { elementId: null, message: 'invalid XML: missing start tag at line 1, column 1' },
    ]);
    expect(await problemsOf('<definitions/>')).toEqual([
      { elementId: null, message: 'not a BPMN 2.0 document: the root must be bpmn:definitions' },
    ]);
  });
});
