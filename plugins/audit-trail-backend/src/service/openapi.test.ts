import { mockServices } from '@backstage/backend-test-utils';
import {
  documentedOperations,
  servedOperations,
} from '@sparki/openapi-contract';
import path from 'node:path';
import { AuditEventStore } from '../database/AuditEventStore';
import { EventExporter } from './exportEvents';
import { createRouter } from './router';

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      store: {} as AuditEventStore,
      events: {} as AuditEventStore,
      exporter: new EventExporter({} as AuditEventStore),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      catalog: {} as any,
      logger: mockServices.logger.mock(),
    });
    const served = servedOperations(router as any);
    const described = documentedOperations(
      path.resolve(__dirname, '../../openapi.yaml'),
    );
    expect(served).toContain('get /events');
    expect(described).toEqual(served);
  });
});
