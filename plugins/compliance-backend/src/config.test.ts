import { ConfigReader } from '@backstage/config';
import { readComplianceOptions } from './config';

describe('readComplianceOptions', () => {
  it('fills the defaults', () => {
    expect(readComplianceOptions(new ConfigReader({}))).toEqual({
      cacheSeconds: 60,
      sourceTimeoutSeconds: 60,
      changeCheckSeconds: 60,
      attestationScopes: [],
      posture: { maxAgeHours: 48, namespaceScopes: false },
      auditTrail: { accounts: [], periodDays: 7, maxGapHours: 24 },
      detectionsReviewed: { maxAgeDays: 7 },
      deploy: {
        prodEnvironments: ['prod'],
        approvedChangesDays: 30,
        rollbackDays: 90,
      },
      notifications: { recipients: [], expiryWarningDays: 14 },
      evidenceFiles: { maxBytes: 10 * 1024 * 1024 },
    });
  });

  it('names every bad value', () => {
    expect(() =>
      readComplianceOptions(
        new ConfigReader({
          compliance: {
            auditTrail: {
              accounts: [{ accountId: '12', regions: ['mars'] }],
              alertedSeverities: ['urgent'],
            },
            posture: { maxAgeHours: 0 },
            detectionsReviewed: { maxAgeDays: -1 },
            deploy: { prodEnvironments: ['Prod'], rollbackDays: 0.5 },
            evidenceFiles: { maxBytes: 1.5 },
          },
        }),
      ),
    ).toThrow(
      [
        'Invalid compliance config:',
        '  compliance.posture.maxAgeHours: expected a positive number',
        '  compliance.auditTrail.accounts.0.accountId: expected a 12-digit AWS account id',
        '  compliance.auditTrail.accounts.0.regions.0: expected a region, e.g. eu-west-1',
        '  compliance.auditTrail.alertedSeverities.0: expected critical, high, medium or low',
        '  compliance.detectionsReviewed.maxAgeDays: expected a positive number',
        '  compliance.deploy.prodEnvironments.0: expected an environment name such as prod',
        '  compliance.deploy.rollbackDays: expected a whole number of days',
        '  compliance.evidenceFiles.maxBytes: expected a whole number of bytes',
      ].join('\n'),
    );
  });
});
