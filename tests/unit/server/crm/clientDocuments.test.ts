import { describe, expect, it } from 'vitest';
import {
  applyClientPatch,
  changesNothing,
  revisionId,
  toClientResource,
  type ClientDocument,
} from '../../../../server/src/crm/clientDocuments';

const document: ClientDocument = {
  name: 'Acme',
  email: 'a@acme.example',
  custom: { tier: 'gold', legacy: 'L-1' },
  archived: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'admin',
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'admin',
};

describe('applyClientPatch', () => {
  it('replaces values, removes nulls and merges custom key by key', () => {
    // when
    const next = applyClientPatch(document, {
      email: null,
      region: 'North',
      custom: { tier: null, score: 3 },
    });

    // then
    expect(next).toEqual({
      ...document,
      email: undefined,
      region: 'North',
      custom: { legacy: 'L-1', score: 3 },
    });
    expect(next).not.toHaveProperty('email');
    expect(document.custom).toEqual({ tier: 'gold', legacy: 'L-1' });
  });

  it('tells a patch that changes nothing from one that does', () => {
    expect(changesNothing(document, {})).toBe(true);
    expect(changesNothing(document, { name: 'Acme', custom: { tier: 'gold' } })).toBe(true);
    expect(changesNothing(document, { region: null })).toBe(true);
    expect(changesNothing(document, { custom: { tier: 'silver' } })).toBe(false);
    expect(changesNothing(document, { email: null })).toBe(false);
  });
});

describe('revisionId', () => {
  it('pads the revision so that revision ids sort in order', () => {
    expect(revisionId('2251799813685249', 3)).toBe('2251799813685249:0000000003');
    expect(revisionId('7', 10) > revisionId('7', 9)).toBe(true);
  });
});

describe('toClientResource', () => {
  it('shows custom values of defined fields only', () => {
    const row = { _id: '42', rev: 2, ...document };
    const fields = [{ name: 'tier', label: 'Tier', type: 'text' as const, required: false }];
    expect(toClientResource(row, fields)).toEqual({
      id: '42',
      rev: 2,
      ...document,
      custom: { tier: 'gold' },
    });
  });
});
