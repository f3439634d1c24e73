import { describe, expect, it } from 'vitest';
import {
  evaluateDateTime,
  evaluateInteger,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
} from '../../../../runtime/src/feel';

const options = { now: Date.UTC(2020, 0, 2, 3, 4, 5) };

describe('evaluateString', () => {
  it('returns a static value as written and evaluates a FEEL one', () => {
    // when
    const results = [
      evaluateString('crm.sendEmail', {}, options),
      evaluateString('=owner', { owner: 'anna' }, options),
      evaluateString({ kind: 'feel', expression: '"crm." + kind' }, { kind: 'notify' }, options),
    ];

    // then
    expect(results).toEqual([
      { ok: true, value: 'crm.sendEmail' },
      { ok: true, value: 'anna' },
      { ok: true, value: 'crm.notify' },
    ]);
  });

  it('fails a result that is not a string with the message Zeebe gives', () => {
    // when
    const result = evaluateString('=x', { x: 1 }, options);

    // then
    expect(result).toEqual({
      ok: false,
      message: "Expected result of the expression 'x' to be 'STRING', but was 'NUMBER'.",
    });
  });
});

describe('evaluateNumber and evaluateInteger', () => {
  it('read static and FEEL numbers', () => {
    // when
    const results = [
      evaluateNumber('2.5', {}, options),
      evaluateNumber('=limit / 2', { limit: 5 }, options),
      evaluateInteger(' 3 ', {}, options),
      evaluateInteger('=retries - 1', { retries: 3 }, options),
    ];

    // then
    expect(results).toEqual([
      { ok: true, value: 2.5 },
      { ok: true, value: 2.5 },
      { ok: true, value: 3 },
      { ok: true, value: 2 },
    ]);
  });

  it('fail values that are not numbers or not integers', () => {
    // when
    const results = [
      evaluateNumber('three', {}, options),
      evaluateNumber('="3"', {}, options),
      evaluateInteger('1.5', {}, options),
      evaluateInteger('=3 / 2', {}, options),
    ];

    // then
    expect(results.map((result) => !result.ok && result.message)).toEqual([
      "Expected the static value 'three' to be a number.",
      "Expected result of the expression '\"3\"' to be 'NUMBER', but was 'STRING'.",
      "Expected the static value '1.5' to be an integer.",
      "Expected result of the expression '3 / 2' to be an integer 'NUMBER', but was 1.5.",
    ]);
  });
});

describe('evaluateStringList', () => {
  it('splits a static comma-separated list', () => {
    // when
    const result = evaluateStringList('sales, service', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: ['sales', 'service'] });
  });

  it('reads a FEEL list of strings and a FEEL comma-separated string', () => {
    // when
    const results = [
      evaluateStringList('=["a","b"]', {}, options),
      evaluateStringList('=groups', { groups: 'sales,service' }, options),
    ];

    // then
    expect(results).toEqual([
      { ok: true, value: ['a', 'b'] },
      { ok: true, value: ['sales', 'service'] },
    ]);
  });

  it('fails a list that holds something other than strings', () => {
    // when
    const result = evaluateStringList('=[1, 2]', {}, options);

    // then
    expect(result).toEqual({
      ok: false,
      message:
        "Expected result of the expression '[1, 2]' to be 'ARRAY' of 'STRING' items or a comma-separated 'STRING', but was 'ARRAY'.",
    });
  });
});

describe('evaluateDateTime', () => {
  it('returns a FEEL date-time as a UTC ISO string', () => {
    // when
    const results = [
      evaluateDateTime('=now() + duration("P2D")', {}, options),
      evaluateDateTime('=date and time("2020-01-02T03:04:05@Europe/Paris")', {}, options),
      evaluateDateTime('=date and time("2020-01-02T03:04:05")', {}, options),
    ];

    // then
    expect(results).toEqual([
      { ok: true, value: '2020-01-04T03:04:05.000Z' },
      { ok: true, value: '2020-01-02T02:04:05.000Z' },
      { ok: true, value: '2020-01-02T03:04:05.000Z' },
    ]);
  });

  it('reads an ISO date-time string, static or from a variable', () => {
    // when
    const results = [
      evaluateDateTime('2020-01-02T03:04:05+01:00', {}, options),
      evaluateDateTime('=due', { due: '2020-01-02T03:04:05.250Z' }, options),
    ];

    // then
    expect(results).toEqual([
      { ok: true, value: '2020-01-02T02:04:05.000Z' },
      { ok: true, value: '2020-01-02T03:04:05.250Z' },
    ]);
  });

  it('fails a string without an offset and a value of another type', () => {
    // when
    const results = [
      evaluateDateTime('2020-01-02T03:04:05', {}, options),
      evaluateDateTime('=due', { due: 'tomorrow' }, options),
      evaluateDateTime('=due', { due: 5 }, options),
    ];

    // then
    expect(results.map((result) => !result.ok && result.message)).toEqual([
      "Expected the static value '2020-01-02T03:04:05' to be an ISO 8601 date-time with an offset, such as '2020-01-02T03:04:05Z'.",
      "Expected result of the expression 'due' to be an ISO 8601 date-time with an offset, such as '2020-01-02T03:04:05Z', but was 'tomorrow'.",
      "Expected result of the expression 'due' to be 'DATE_TIME' or 'STRING', but was 'NUMBER'.",
    ]);
  });
});
