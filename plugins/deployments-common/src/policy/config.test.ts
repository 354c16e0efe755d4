import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseDeploymentsConfig, parseEnvironmentPolicy } from './config';
import { canonicalJson, policyHash } from './policyHash';

const prod = {
  approvals: {
    required: 2,
    allowedGroups: ['group:default/release-approvers'],
    requiredGroups: ['group:default/security'],
  },
  separationOfDuties: true,
  changeWindows: [
    {
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      from: '09:00',
      to: '17:00',
      timeZone: 'Europe/Berlin',
    },
  ],
  freezes: [
    {
      from: '2026-12-20T00:00:00Z',
      to: '2027-01-04T00:00:00Z',
      reason: 'year-end freeze',
    },
  ],
  postureGate: { minScore: 80, maxAgeHours: 24 },
  bakeTime: { minutes: 60 },
  expiry: { approvalsHours: 24, requestHours: 72 },
};

function errorsOf(raw: unknown): string[] {
  const result = parseEnvironmentPolicy(raw, 'deployments.environments.prod');
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

describe('parseEnvironmentPolicy', () => {
  it('accepts a full policy and fills in the defaults', () => {
    const result = parseEnvironmentPolicy(prod);
    expect(result).toEqual({
      ok: true,
      policy: {
        ...prod,
        approvals: { ...prod.approvals, allowedUsers: [] },
        postureGate: { minScore: 80, maxAgeHours: 24, noFailingCritical: true },
      },
    });
  });

  it('defaults a minimal policy to no separation of duties and no freezes', () => {
    expect(parseEnvironmentPolicy({ approvals: { required: 0 } })).toEqual({
      ok: true,
      policy: {
        approvals: {
          required: 0,
          allowedGroups: [],
          allowedUsers: [],
          requiredGroups: [],
        },
        separationOfDuties: false,
        freezes: [],
      },
    });
  });

  it.each([
    [
      { ...prod, approvals: { ...prod.approvals, required: 1.5 } },
      'deployments.environments.prod.approvals.required: expected a whole number',
    ],
    [
      { ...prod, approvals: { ...prod.approvals, required: -1 } },
      'deployments.environments.prod.approvals.required: expected 0 or more',
    ],
    [
      { ...prod, approvals: { required: 1 } },
      'deployments.environments.prod.approvals: approvals are required but nobody may approve: set allowedGroups or allowedUsers',
    ],
    [
      {
        ...prod,
        approvals: { ...prod.approvals, allowedGroups: ['release-approvers'] },
      },
      'deployments.environments.prod.approvals.allowedGroups.0: expected a group entity ref such as group:default/release-approvers',
    ],
    [
      {
        ...prod,
        approvals: { ...prod.approvals, allowedUsers: ['group:default/x'] },
      },
      'deployments.environments.prod.approvals.allowedUsers.0: expected a user entity ref such as user:default/dave',
    ],
    [
      { ...prod, aprovals: {} },
      'deployments.environments.prod: Unrecognized key: "aprovals"',
    ],
    [
      {
        ...prod,
        changeWindows: [{ ...prod.changeWindows[0], timeZone: 'Mars/Olympus' }],
      },
      'deployments.environments.prod.changeWindows.0.timeZone: expected an IANA time zone such as Europe/Berlin',
    ],
    [
      {
        ...prod,
        changeWindows: [{ ...prod.changeWindows[0], days: ['monday'] }],
      },
      'deployments.environments.prod.changeWindows.0.days.0: expected one of mon, tue, wed, thu, fri, sat, sun',
    ],
    [
      { ...prod, changeWindows: [{ ...prod.changeWindows[0], from: '9:00' }] },
      'deployments.environments.prod.changeWindows.0.from: expected a time HH:MM between 00:00 and 24:00',
    ],
    [
      { ...prod, changeWindows: [{ ...prod.changeWindows[0], to: '09:00' }] },
      'deployments.environments.prod.changeWindows.0.to: from and to are equal: the window would be empty',
    ],
    [
      { ...prod, changeWindows: [] },
      'deployments.environments.prod.changeWindows: expected at least one window (or leave changeWindows out)',
    ],
    [
      {
        ...prod,
        freezes: [{ ...prod.freezes[0], to: '2026-12-01T00:00:00Z' }],
      },
      'deployments.environments.prod.freezes.0.to: to must be after from',
    ],
    [
      { ...prod, freezes: [{ ...prod.freezes[0], from: '2026-12-20' }] },
      'deployments.environments.prod.freezes.0.from: expected an ISO 8601 timestamp with a time zone, e.g. 2026-12-20T00:00:00Z',
    ],
    [
      { ...prod, freezes: [{ ...prod.freezes[0], reason: ' ' }] },
      'deployments.environments.prod.freezes.0.reason: a freeze needs a reason',
    ],
    [
      { ...prod, postureGate: { minScore: 150, maxAgeHours: 24 } },
      'deployments.environments.prod.postureGate.minScore: expected 0–100',
    ],
    [
      { ...prod, postureGate: { minScore: 80, maxAgeHours: 0 } },
      'deployments.environments.prod.postureGate.maxAgeHours: expected a number above 0',
    ],
    [
      { ...prod, bakeTime: { minutes: '60' } },
      'deployments.environments.prod.bakeTime.minutes: expected a number',
    ],
    [
      { ...prod, separationOfDuties: 'yes' },
      'deployments.environments.prod.separationOfDuties: expected true or false',
    ],
  ])(
    'refuses a bad policy with a message naming the path: %#',
    (raw, message) => {
      expect(errorsOf(raw)).toContain(message);
    },
  );
});

describe('parseDeploymentsConfig', () => {
  it('accepts the example of the README', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    const example = readme.match(/```yaml\n(deployments:[\s\S]*?)```/);
    expect(example).not.toBeNull();
    const result = parseDeploymentsConfig(parseYaml(example![1]).deployments);
    expect(result).toMatchObject({
      ok: true,
      environments: { prod: { separationOfDuties: true } },
    });
  });

  it('parses every environment and treats a missing block as no environments', () => {
    const result = parseDeploymentsConfig({
      environments: { prod, staging: { approvals: { required: 0 } } },
    });
    expect(result.ok && Object.keys(result.environments)).toEqual([
      'prod',
      'staging',
    ]);
    expect(parseDeploymentsConfig(undefined)).toEqual({
      ok: true,
      environments: {},
    });
  });

  it('reports the errors of every environment at once', () => {
    expect(
      parseDeploymentsConfig({
        environments: {
          prod: { approvals: { required: -1 } },
          staging: { approvals: {} },
        },
      }),
    ).toEqual({
      ok: false,
      errors: [
        'deployments.environments.prod.approvals.required: expected 0 or more',
        'deployments.environments.staging.approvals.required: expected a number',
      ],
    });
  });

  it('refuses an environment name that is not a simple name', () => {
    const result = parseDeploymentsConfig({
      environments: { 'Prod EU': prod },
    });
    expect(result.ok).toBe(false);
  });
});

describe('policyHash', () => {
  it('is the sha256 of the canonical JSON, the same whatever the key order', () => {
    const policy = (parseEnvironmentPolicy(prod) as { ok: true; policy: any })
      .policy;
    const reordered = Object.fromEntries(Object.entries(policy).reverse());
    const expected = createHash('sha256')
      .update(canonicalJson(policy))
      .digest('hex');
    expect(policyHash(policy)).toBe(`sha256:${expected}`);
    expect(policyHash(reordered as typeof policy)).toBe(policyHash(policy));
    expect(canonicalJson(reordered)).toBe(canonicalJson(policy));
  });

  it('changes when a rule changes', () => {
    const policy = (parseEnvironmentPolicy(prod) as { ok: true; policy: any })
      .policy;
    const looser = {
      ...policy,
      approvals: { ...policy.approvals, required: 1 },
    };
    expect(policyHash(looser)).not.toBe(policyHash(policy));
  });

  it('is computed once per parsed policy, which cannot change under it (frozen)', () => {
    const parsed = parseDeploymentsConfig({ environments: { prod } });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const policy = parsed.environments.prod;
    const first = policyHash(policy);
    expect(policyHash(policy)).toBe(first);
    expect(() => {
      (policy.approvals as { required: number }).required = 0;
    }).toThrow(TypeError);
    expect(policyHash(policy)).toBe(first);
    // An unfrozen copy is hashed afresh every time, so a change to it shows.
    const copy = structuredClone(policy) as any;
    expect(policyHash(copy)).toBe(first);
    copy.approvals.required = 0;
    expect(policyHash(copy)).not.toBe(first);
  });
});
