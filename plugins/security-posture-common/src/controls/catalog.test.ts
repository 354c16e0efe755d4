import fs from 'node:fs';
import path from 'node:path';
import { controlCatalog, getControl } from './catalog';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('controlCatalog', () => {
  it('has unique kebab-case ids and complete metadata', () => {
    const ids = controlCatalog.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const control of controlCatalog) {
      expect(control.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(control.title).not.toBe('');
      expect(control.rationale.length).toBeGreaterThan(20);
      expect(control.remediation.length).toBeGreaterThan(20);
      expect(control.frameworks.length).toBeGreaterThan(0);
      expect(Boolean(control.evaluate) !== Boolean(control.manualReason)).toBe(
        true,
      );
      expect(getControl(control.id)).toBe(control);
    }
  });

  it('covers CIS Kubernetes v1.12 §5 from 5.1.1 to 5.6.4 (no 5.7)', () => {
    const cis = controlCatalog.map(c => c.cisKubernetes).filter(Boolean);
    const expected = [
      ...Array.from({ length: 13 }, (_, i) => `5.1.${i + 1}`),
      ...Array.from({ length: 12 }, (_, i) => `5.2.${i + 1}`),
      '5.3.1',
      '5.3.2',
      '5.4.1',
      '5.4.2',
      '5.5.1',
      '5.6.1',
      '5.6.2',
      '5.6.3',
      '5.6.4',
    ];
    expect([...cis].sort()).toEqual([...expected].sort());
    expect(
      controlCatalog.find(c => c.cisKubernetes === '5.1.7')!.evaluate,
    ).toBeUndefined();
  });

  it('references runbooks that exist', () => {
    for (const runbook of new Set(controlCatalog.map(c => c.runbook))) {
      expect(
        fs.existsSync(path.join(repoRoot, 'runbooks', `${runbook}.md`)),
      ).toBe(true);
    }
  });

  it('keeps the CIS frameworks consistent with the CIS ids', () => {
    for (const control of controlCatalog) {
      expect(control.frameworks.includes('cis-kubernetes')).toBe(
        Boolean(control.cisKubernetes),
      );
      expect(control.frameworks.includes('cis-eks')).toBe(
        Boolean(control.cisEks),
      );
    }
  });
});
