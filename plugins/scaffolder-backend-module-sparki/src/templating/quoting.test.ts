import { parse as parseHcl } from '@cdktf/hcl2json';
import { parseAllDocuments } from 'yaml';
import {
  hclJsonLiteral,
  HOSTILE_STRINGS,
  markdownTextValue,
} from '../__testUtils__/hostile';
import { hclLiteral, markdownText, yamlLiteral } from './quoting';

describe('quoting', () => {
  describe('hclLiteral', () => {
    it.each(HOSTILE_STRINGS.map(value => [JSON.stringify(value), value]))(
      'writes %s so that HCL reads back exactly that string and nothing else',
      async (_, value) => {
        const body = await parseHcl(
          'test.tfvars',
          `first = ${hclLiteral(value)}\nlast = "end"\n`,
        );
        expect(Object.keys(body)).toEqual(['first', 'last']);
        expect(hclJsonLiteral(body.first)).toBe(value);
        expect(body.last).toBe('end');
      },
    );

    it('stays on one line, so a comment cannot be ended', () => {
      for (const value of HOSTILE_STRINGS) {
        expect(hclLiteral(value)).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      }
    });

    it('writes numbers, bools, null, tuples and objects', async () => {
      const value = {
        count: 3,
        ratio: 0.5,
        on: true,
        none: null,
        types: ['m6i.large', 'x"y'],
        'odd "key"': { nested: ['${x}'] },
      };
      const body = await parseHcl('test.tfvars', `v = ${hclLiteral(value)}\n`);
      expect(body.v).toEqual({
        ...value,
        'odd "key"': { nested: ['$${x}'] },
      });
    });

    it('refuses what HCL cannot hold', () => {
      expect(() => hclLiteral('\ud800')).toThrow('unpaired UTF-16 surrogate');
      expect(() => hclLiteral(Number.NaN)).toThrow('not a number');
      expect(() => hclLiteral(undefined)).toThrow('cannot write undefined');
    });
  });

  describe('yamlLiteral', () => {
    it.each(HOSTILE_STRINGS.map(value => [JSON.stringify(value), value]))(
      'writes %s so that YAML reads back exactly that string and nothing else',
      (_, value) => {
        const documents = parseAllDocuments(
          `first: ${yamlLiteral(value)}\nlist: [a, ${yamlLiteral(
            value,
          )}]\nlast: end\n`,
        );
        expect(documents).toHaveLength(1);
        const [document] = documents as any[];
        expect(document.errors).toEqual([]);
        expect(document.toJS()).toEqual({
          first: value,
          list: ['a', value],
          last: 'end',
        });
      },
    );

    it('writes numbers, bools, null, sequences and mappings', () => {
      const value = {
        count: 3,
        on: false,
        none: null,
        tags: ['environment', 'a: b'],
        'key: "x"': { '- y': '---' },
      };
      const [document] = parseAllDocuments(
        `v: ${yamlLiteral(value)}\n`,
      ) as any[];
      expect(document.errors).toEqual([]);
      expect(document.toJS()).toEqual({ v: value });
    });

    it('keeps unpaired surrogates as escapes', () => {
      const [document] = parseAllDocuments(
        `v: ${yamlLiteral('a\ud800b')}\n`,
      ) as any[];
      expect(document.toJS()).toEqual({ v: 'a\ud800b' });
    });
  });

  describe('markdownText', () => {
    it.each(HOSTILE_STRINGS.map(value => [JSON.stringify(value), value]))(
      'writes %s as one line of text without markup',
      (_, value) => {
        const rendered = markdownText(value);
        expect(rendered).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        // Every markup character is escaped: none is left bare.
        expect(
          rendered.replace(/\\[!-/:-@[-`{-~]|<br>|&#\d+;/g, ''),
        ).not.toMatch(/[\\`*_{}[\]()<>#+=|!&~^]/);
        expect(markdownTextValue(rendered)).toBe(
          value.replace(/\r\n|[\r\u0085\u2028\u2029]/g, '\n'),
        );
      },
    );

    it('writes numbers and bools, refuses objects', () => {
      expect(markdownText(3)).toBe('3');
      expect(markdownText(true)).toBe('true');
      expect(() => markdownText({ a: 1 })).toThrow('cannot write object');
    });
  });
});
