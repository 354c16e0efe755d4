import { mockServices } from '@backstage/backend-test-utils';
import {
  documentedOperations,
  servedOperations,
} from '@sparki/openapi-contract';
import path from 'node:path';
import { EvidencePackService } from './evidence/EvidencePackService';
import { createRouter } from './router';
import { ComplianceService } from './service/ComplianceService';
import { RegisterService } from './service/RegisterService';
import { ScoreSnapshotService } from './service/ScoreSnapshotService';

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      compliance: {} as ComplianceService,
      registers: {} as RegisterService,
      snapshots: {} as ScoreSnapshotService,
      evidencePacks: {} as EvidencePackService,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      evidenceFileMaxBytes: 1024,
    });
    const served = servedOperations(router as any);
    const described = documentedOperations(
      path.resolve(__dirname, '../openapi.yaml'),
    );
    expect(served).toContain('post /waivers/{id}/approve');
    expect(described).toEqual(served);
  });
});
