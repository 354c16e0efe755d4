import { compileLabelSelector, selectsEverything } from './labelSelector';

describe('compileLabelSelector', () => {
  const web = { app: 'web', tier: 'frontend' };
  const db = { app: 'db' };

  it('matches everything with an empty selector and nothing with a missing one', () => {
    expect(compileLabelSelector({})(web)).toBe(true);
    expect(compileLabelSelector({})(undefined)).toBe(true);
    expect(compileLabelSelector(undefined)(web)).toBe(false);
    expect(compileLabelSelector(null)(web)).toBe(false);
    expect(selectsEverything({})).toBe(true);
    expect(selectsEverything({ matchLabels: {}, matchExpressions: [] })).toBe(
      true,
    );
    expect(selectsEverything(undefined)).toBe(false);
    expect(selectsEverything({ matchLabels: { a: 'b' } })).toBe(false);
  });

  it('requires every matchLabels pair', () => {
    const matches = compileLabelSelector({
      matchLabels: { app: 'web', tier: 'frontend' },
    });
    expect(matches(web)).toBe(true);
    expect(matches({ app: 'web' })).toBe(false);
    expect(matches(undefined)).toBe(false);
  });

  it('implements In, NotIn, Exists and DoesNotExist as Kubernetes does', () => {
    const inSel = compileLabelSelector({
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['web', 'api'] },
      ],
    });
    expect(inSel(web)).toBe(true);
    expect(inSel(db)).toBe(false);
    expect(inSel({})).toBe(false);

    const notIn = compileLabelSelector({
      matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }],
    });
    expect(notIn(web)).toBe(false);
    expect(notIn(db)).toBe(true);
    expect(notIn({})).toBe(true); // a missing key satisfies NotIn

    const exists = compileLabelSelector({
      matchExpressions: [{ key: 'tier', operator: 'Exists' }],
    });
    expect(exists(web)).toBe(true);
    expect(exists(db)).toBe(false);

    const absent = compileLabelSelector({
      matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }],
    });
    expect(absent(web)).toBe(false);
    expect(absent(db)).toBe(true);
    expect(absent(undefined)).toBe(true);
  });

  it('ANDs matchLabels with matchExpressions', () => {
    const matches = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }],
    });
    expect(matches(web)).toBe(true);
    expect(matches({ app: 'web', tier: 'backend' })).toBe(false);
  });

  it('matches nothing with an unknown operator rather than everything', () => {
    expect(
      compileLabelSelector({
        matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }],
      })(web),
    ).toBe(false);
  });

  it('treats an empty In list as matching nothing', () => {
    expect(
      compileLabelSelector({
        matchExpressions: [{ key: 'app', operator: 'In', values: [] }],
      })(web),
    ).toBe(false);
  });
});
