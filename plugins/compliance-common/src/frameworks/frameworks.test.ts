import fs from 'node:fs';
import path from 'node:path';
import { controlCatalog } from '@sparki/security-posture-common';
import { detectionRules } from '@sparki/audit-trail-common';
import { checkCatalog, detectionsReviewedCheckId, getCheck } from '../checks';
import { controlCheckMappings, controlsOfCheck } from '../mapping';
import { frameworks } from '.';
import { cisAwsFoundations } from './cisAwsFoundations';
import { cisEks } from './cisEks';
import { cisKubernetes } from './cisKubernetes';
import { podSecurityStandards } from './podSecurityStandards';
import { productionHardening } from './productionHardening';

const runbookIds = new Set(
  fs
    .readdirSync(path.resolve(__dirname, '../../../../runbooks'))
    .filter(file => file.endsWith('.md'))
    .map(file => file.replace(/\.md$/, '')),
);

function duplicates(ids: string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

describe('framework data', () => {
  it('has no duplicate framework, control or check ids', () => {
    expect(duplicates(frameworks.map(f => f.id))).toEqual([]);
    for (const framework of frameworks) {
      expect(duplicates(framework.controls.map(c => c.id))).toEqual([]);
      for (const control of framework.controls) {
        expect(duplicates([...control.requiredChecks])).toEqual([]);
      }
    }
    expect(duplicates(checkCatalog.map(c => c.id))).toEqual([]);
  });

  it('references only checks of the catalog, each control at least one', () => {
    for (const row of controlCheckMappings(frameworks)) {
      expect({ ...row, known: getCheck(row.checkId) !== undefined }).toEqual({
        ...row,
        known: true,
      });
    }
    for (const framework of frameworks) {
      for (const control of framework.controls) {
        expect(control.requiredChecks.length).toBeGreaterThan(0);
      }
    }
  });

  it('references only posture controls and audit-trail rules that exist', () => {
    const postureIds = new Set(controlCatalog.map(c => c.id));
    const ruleIds = new Set(detectionRules.map(r => r.id));
    const checks = controlCheckMappings(frameworks).map(
      row => getCheck(row.checkId)!,
    );
    const unknownPosture = checks.filter(
      c => c.source === 'posture-control' && !postureIds.has(c.reference),
    );
    // "Detections reviewed" is judged on all detections, not on one rule's.
    const unknownRules = checks.filter(
      c =>
        c.source === 'audit-trail' &&
        c.id !== detectionsReviewedCheckId &&
        !ruleIds.has(c.reference),
    );
    expect(unknownPosture).toEqual([]);
    expect(unknownRules).toEqual([]);
    expect(checks.some(c => c.source === 'posture-control')).toBe(true);
    expect(checks.some(c => c.source === 'audit-trail')).toBe(true);
  });

  it('uses every check of the catalog in some framework', () => {
    const used = new Set(
      controlCheckMappings(frameworks).map(row => row.checkId),
    );
    const unusedPosture = checkCatalog
      .filter(c => !used.has(c.id))
      .map(c => c.id)
      // NetworkPolicy coverage controls are posture's own, in no benchmark.
      .filter(id => !id.startsWith('posture-control:network-'));
    expect(unusedPosture).toEqual([]);
  });

  it('references only runbooks that exist', () => {
    const missing = frameworks.flatMap(framework =>
      framework.controls
        .filter(c => c.runbookId !== undefined && !runbookIds.has(c.runbookId))
        .map(c => `${framework.id} ${c.id}: ${c.runbookId}`),
    );
    expect(missing).toEqual([]);
    expect(frameworks.flatMap(f => f.controls).some(c => c.runbookId)).toBe(
      true,
    );
  });

  it('gives every control its texts', () => {
    for (const framework of frameworks) {
      expect(framework.version).toMatch(/\S/);
      for (const control of framework.controls) {
        for (const text of [
          control.title,
          control.description,
          control.rationale,
          control.remediation,
        ]) {
          expect(text.trim().length).toBeGreaterThan(10);
        }
      }
    }
  });

  it.each([
    ['cisKubernetes' as const, cisKubernetes],
    ['cisEks' as const, cisEks],
  ])(
    'maps every posture control with a %s id to that recommendation',
    (field, framework) => {
      const expected = controlCatalog
        .filter(c => c[field] !== undefined)
        .map(c => [c[field], `posture-control:${c.id}`])
        .sort();
      const actual = framework.controls
        .map(c => [c.id, ...c.requiredChecks])
        .sort();
      expect(actual).toEqual(expected);
    },
  );

  it('maps CIS AWS 4.1–4.15 one to one onto the audit-trail rule of that id', () => {
    expect(cisAwsFoundations.controls.map(c => c.id)).toEqual(
      Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
    );
    for (const control of cisAwsFoundations.controls) {
      const rule = detectionRules.find(
        r => `audit-trail:${r.id}` === control.requiredChecks[0],
      );
      expect(rule?.cisControlId).toBe(control.id);
      expect(control.severity).toBe(rule?.severity);
    }
  });

  it('maps the Pod Security Standards levels onto the posture pss controls', () => {
    expect(
      Object.fromEntries(
        podSecurityStandards.controls.map(c => [c.id, c.requiredChecks]),
      ),
    ).toEqual({
      baseline: [
        'posture-control:pss-baseline',
        'posture-control:pss-namespace-enforce',
      ],
      restricted: [
        'posture-control:pss-restricted',
        'posture-control:pss-namespace-enforce',
      ],
    });
  });

  it('covers the production-hardening checklist, attesting what no source sees', () => {
    const names = productionHardening.controls.map(c => c.id);
    expect(names).toEqual([
      'security.pen-test',
      'security.owasp-top-10',
      'security.dependency-patching',
      'security.secret-rotation',
      'security.waf',
      'security.security-headers',
      'security.cors',
      'security.rate-limiting',
      'security.detections-reviewed',
      'reliability.backups-verified',
      'reliability.failover-tested',
      'reliability.dr-plan',
      'reliability.load-test',
      'observability.slos',
      'observability.alerting',
      'operations.on-call',
      'operations.runbooks',
      'operations.runbooks-tested',
      'operations.incident-response-tested',
      'operations.post-mortem-process',
      'operations.change-management',
      'operations.rollback-verified',
    ]);
    const sources = (id: string) =>
      productionHardening.controls
        .find(c => c.id === id)!
        .requiredChecks.map(check => getCheck(check)!.source);
    expect(sources('security.pen-test')).toEqual(['attestation']);
    expect(sources('reliability.backups-verified')).toEqual([
      'catalog',
      'attestation',
    ]);
    expect(sources('security.detections-reviewed')).toEqual(['audit-trail']);
    expect(sources('operations.runbooks')).toEqual(['catalog']);
    expect(sources('operations.runbooks-tested')).toEqual(['runbooks']);
    expect(sources('operations.change-management')).toEqual([
      'deploy',
      'attestation',
    ]);
  });

  it('shares one check between frameworks (many-to-many)', () => {
    expect(
      controlsOfCheck(
        frameworks,
        'posture-control:rbac-cluster-admin-bindings',
      ).map(
        row => `${row.frameworkId}@${row.frameworkVersion} ${row.controlId}`,
      ),
    ).toEqual(['cis-kubernetes@1.12.0 5.1.1', 'cis-eks@1.7.0 4.1.1']);
    expect(
      controlsOfCheck(frameworks, 'posture-control:pss-namespace-enforce').map(
        row => row.controlId,
      ),
    ).toEqual(['baseline', 'restricted']);
  });
});
