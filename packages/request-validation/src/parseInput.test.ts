import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseInput } from './parseInput';

const query = z.strictObject({
  limit: z.coerce.number().int().max(500, 'expected at most 500').default(50),
  cursor: z.string({ error: 'is required' }),
  filter: z.strictObject({ state: z.enum(['open', 'closed']) }).optional(),
});

describe('parseInput', () => {
  it('returns the parsed, defaulted value', () => {
    expect(parseInput(query, { cursor: 'abc' }, 'query')).toEqual({
      limit: 50,
      cursor: 'abc',
    });
    expect(parseInput(query, { cursor: 'abc', limit: '7' }, 'query')).toEqual({
      limit: 7,
      cursor: 'abc',
    });
  });

  it('throws an InputError naming every problem and its path', () => {
    const parse = () =>
      parseInput(query, { limit: '900', filter: { state: 'stale' } }, 'query');
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      /^Invalid query: limit: expected at most 500; cursor: is required; filter\.state: /,
    );
  });

  it('names unknown fields and treats an absent input as an empty one', () => {
    expect(() =>
      parseInput(query, { cursor: 'a', sort: 'x' }, 'query'),
    ).toThrow(/^Invalid query: query: Unrecognized key: "sort"$/);
    expect(() => parseInput(query, undefined, 'query')).toThrow(
      'Invalid query: cursor: is required',
    );
    expect(() => parseInput(z.string(), 42, 'change id')).toThrow(
      /^Invalid change id: change id: /,
    );
  });
});
