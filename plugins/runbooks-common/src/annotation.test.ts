import { parseRunbooksAnnotation } from './annotation';

describe('parseRunbooksAnnotation', () => {
  it('reads ids and URLs in order, dropping blanks and repeats', () => {
    expect(
      parseRunbooksAnnotation(
        ' deployment ,blue-green,, https://wiki.example.com/a?b=1 ,deployment',
      ),
    ).toEqual([
      { kind: 'id', id: 'deployment' },
      { kind: 'id', id: 'blue-green' },
      { kind: 'url', url: 'https://wiki.example.com/a?b=1' },
    ]);
  });

  it.each([
    // eslint-disable-next-line no-script-url -- the hostile input under test
    'javascript:alert(1)',
    'data:text/html;base64',
    'Rollback',
    '../x',
  ])('reports %s as invalid', value => {
    expect(parseRunbooksAnnotation(value)).toEqual([
      { kind: 'invalid', value, reason: expect.stringMatching(/neither/) },
    ]);
  });

  it('has no entries without a value', () => {
    expect(parseRunbooksAnnotation(undefined)).toEqual([]);
    expect(parseRunbooksAnnotation(' , ')).toEqual([]);
  });
});
