import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { createRouter } from './router';
import { DeploymentService } from './service/DeploymentService';

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      service: {} as DeploymentService,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
    });
    const served = router.stack
      .filter((layer: any) => layer.route)
      .map(
        (layer: any) =>
          `${Object.keys(layer.route.methods)[0]} ${layer.route.path.replace(
            /:(\w+)/g,
            '{$1}',
          )}`,
      )
      .sort();
    const spec = fs.readFileSync(
      path.resolve(__dirname, '../openapi.yaml'),
      'utf8',
    );
    const described: string[] = [];
    let currentPath = '';
    for (const line of spec.split('\n')) {
      const pathMatch = line.match(/^ {2}(\/[^:]*):$/);
      if (pathMatch) currentPath = pathMatch[1];
      const methodMatch = line.match(/^ {4}(get|post|put|delete|patch):$/);
      if (methodMatch && currentPath)
        described.push(`${methodMatch[1]} ${currentPath}`);
    }
    expect(served).toContain('post /requests/{id}/approve');
    expect(described.sort()).toEqual(served);
  });
});
