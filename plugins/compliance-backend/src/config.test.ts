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
      notifications: { recipients: [], expiryWarningDays: 14 },
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
      ].join('\n'),
    );
  });
});
