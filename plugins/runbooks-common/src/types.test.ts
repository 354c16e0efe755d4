import { isRunbookId } from './types';

describe('isRunbookId', () => {
  it.each(['namespaces', 'audit-trail-kms-key-deletion', '0-day'])(
    'accepts %s',
    id => expect(isRunbookId(id)).toBe(true),
  );

  it.each(['', '-x', 'Upper', '../etc/passwd', 'a/b', 'a.md', 'a b', 'a\n'])(
    'rejects %j',
    id => expect(isRunbookId(id)).toBe(false),
  );
});
