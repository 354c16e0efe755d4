import { describeAge, describeRequester, describeVersion } from './format';

describe('format', () => {
  it('says how old a request is in its largest whole unit', () => {
    const now = new Date('2026-12-02T12:00:00.000Z');
    expect(describeAge('2026-12-02T11:59:30.000Z', now)).toBe('just now');
    expect(describeAge('2026-12-02T11:59:00.000Z', now)).toBe('1 minute ago');
    expect(describeAge('2026-12-02T11:15:00.000Z', now)).toBe('45 minutes ago');
    expect(describeAge('2026-12-02T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(describeAge('2026-11-29T11:00:00.000Z', now)).toBe('3 days ago');
    expect(describeAge('not a date', now)).toBe('not a date');
  });

  it('names the version by tag and short commit', () => {
    expect(describeVersion({ commitSha: '0123456789abcdef', tag: 'v2' })).toBe(
      'v2 (0123456)',
    );
    expect(describeVersion({ commitSha: '0123456789abcdef' })).toBe('0123456');
  });

  it('names people and pipelines, with the commit author', () => {
    expect(
      describeRequester({ kind: 'user', userRef: 'user:default/carol' }),
    ).toBe('carol');
    expect(
      describeRequester({
        kind: 'pipeline',
        identity: 'github-actions',
        commitAuthor: 'user:default/erin',
      }),
    ).toBe('pipeline github-actions (commit by erin)');
  });
});
