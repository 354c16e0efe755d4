import { ConfigReader } from '@backstage/config';
import { readEnvironmentPolicies } from './config';

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
