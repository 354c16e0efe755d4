import { mockServices } from '@backstage/backend-test-utils';
import {
  documentedOperations,
  servedOperations,
} from '@sparki/openapi-contract';
import path from 'node:path';
import { createRouter } from './router';
import { RunbookLibrary } from './service/RunbookLibrary';
import { RunbookTestService } from './service/RunbookTestService';

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      library: {} as RunbookLibrary,
      tests: {} as RunbookTestService,
    });
    const served = servedOperations(router as any);
    expect(served).toContain('post /runbooks/{id}/tests');
    expect(
      documentedOperations(path.resolve(__dirname, '../openapi.yaml')),
    ).toEqual(served);
  });
});
