import { detectionRules } from '@sparki/audit-trail-common';
import { controlCatalog } from '@sparki/security-posture-common';
import path from 'node:path';
import { RunbookLibrary } from './RunbookLibrary';

/**
 * Every posture control and every audit-trail detection links to a runbook by id: that runbook
 * must exist, be valid and list the control or detection in its frontmatter, so the lookups by
 * control and detection id find it too.
 */
const library = new RunbookLibrary({
  directory: path.resolve(__dirname, '../../../../runbooks'),
  staleAfterDays: 180,
});

describe('runbook coverage', () => {
  let runbooks: Awaited<ReturnType<RunbookLibrary['load']>>['runbooks'];
  beforeAll(async () => {
    runbooks = (await library.load()).runbooks;
  });

  it.each(controlCatalog.map(control => [control.id, control.runbook]))(
    'posture control %s resolves to runbook %s, which lists it',
    (controlId, runbookId) => {
      const runbook = runbooks.find(candidate => candidate.id === runbookId);
      expect(runbook?.controls).toContain(controlId);
    },
  );

  it.each(detectionRules.map(rule => [rule.id, rule.runbookId]))(
    'detection %s resolves to runbook %s, which lists it',
    (detectionId, runbookId) => {
      const runbook = runbooks.find(candidate => candidate.id === runbookId);
      expect(runbook?.detections).toContain(detectionId);
    },
  );

  it('lists no control or detection id that does not exist', () => {
    const controlIds = new Set(controlCatalog.map(control => control.id));
    const detectionIds = new Set(detectionRules.map(rule => rule.id));
    const unknown = runbooks.flatMap(runbook => [
      ...runbook.controls
        .filter(id => !controlIds.has(id))
        .map(id => `${runbook.id}: control ${id}`),
      ...runbook.detections
        .filter(id => !detectionIds.has(id))
        .map(id => `${runbook.id}: detection ${id}`),
    ]);
    expect(unknown).toEqual([]);
  });
});
