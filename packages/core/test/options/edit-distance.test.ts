import { closestMatch, editDistance } from '../../src/options/edit-distance';

describe('editDistance / closestMatch', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('where', 'where')).toBe(0);
    expect(editDistance('wehre', 'where')).toBe(1);
    expect(editDistance('atributes', 'attributes')).toBe(1);
    expect(editDistance('incldue', 'include')).toBe(1);
    expect(editDistance('limt', 'limit')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
    expect(editDistance('', 'order')).toBe(5);
  });

  it('suggests the closest option only when it is a likely misspelling', () => {
    const keys = ['where', 'attributes', 'include', 'order', 'limit', 'offset'];
    expect(closestMatch('wehre', keys)).toBe('where');
    expect(closestMatch('Where', keys)).toBe('where');
    expect(closestMatch('atributes', keys)).toBe('attributes');
    expect(closestMatch('zzzzzzzz', keys)).toBeUndefined();
    expect(closestMatch('group', keys)).toBeUndefined();
  });
});
