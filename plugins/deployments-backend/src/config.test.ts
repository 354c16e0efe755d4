import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_STUCK_AFTER_MINUTES,
  readEnvironmentPolicies,
  readStuckAfterMinutes,
} from './config';

describe('readEnvironmentPolicies', () => {
  it('reads each environment policy', () => {
    const policies = readEnvironmentPolicies(
      new ConfigReader({
        deployments: {
          environments: {
            prod: {
              approvals: {
                required: 2,
                allowedGroups: ['group:default/release-approvers'],
              },
            },
          },
        },
      }),
    );
    expect(policies.prod.approvals.required).toBe(2);
    expect(policies.prod.separationOfDuties).toBe(false);
  });

  it('is empty without a deployments block', () => {
    expect(readEnvironmentPolicies(new ConfigReader({}))).toEqual({});
  });

  it('refuses bad config with every problem and its path', () => {
    expect(() =>
      readEnvironmentPolicies(
        new ConfigReader({
          deployments: {
            environments: {
              prod: {
                approvals: { required: 1.5, allowedGroups: ['release'] },
                postureGat: {},
              },
            },
          },
        }),
      ),
    ).toThrow(
      /Invalid deployments config:[\s\S]*deployments\.environments\.prod\.approvals\.required: expected a whole number[\s\S]*deployments\.environments\.prod\.approvals\.allowedGroups\.0: expected a group entity ref/,
    );
  });
});

describe('readStuckAfterMinutes', () => {
  it('reads the configured minutes, or the default', () => {
    expect(
      readStuckAfterMinutes(
        new ConfigReader({
          deployments: { attention: { stuckAfterMinutes: 15 } },
        }),
      ),
    ).toBe(15);
    expect(readStuckAfterMinutes(new ConfigReader({}))).toBe(
      DEFAULT_STUCK_AFTER_MINUTES,
    );
  });

  it('refuses a bad value with its path, and unknown keys', () => {
    expect(() =>
      readStuckAfterMinutes(
        new ConfigReader({
          deployments: { attention: { stuckAfterMinutes: 0.5 } },
        }),
      ),
    ).toThrow(
      'deployments.attention.stuckAfterMinutes: expected a whole number of minutes',
    );
    expect(() =>
      readStuckAfterMinutes(
        new ConfigReader({
          deployments: {
            attention: { stuckAfterMinutes: 5, stuckAfterHours: 1 },
          },
        }),
      ),
    ).toThrow(/deployments\.attention: Unrecognized key: "stuckAfterHours"/);
  });
});
