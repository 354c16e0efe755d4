import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  documentedOperations,
  loadOpenApiContract,
  servedOperations,
} from './index';

const document = `
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    items: { $ref: '#/components/schemas/Item' }
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        note: { type: string }
`;

describe('loadOpenApiContract', () => {
  const file = path.join(
    mkdtempSync(path.join(tmpdir(), 'contract-')),
    'openapi.yaml',
  );
  writeFileSync(file, document);

  it('accepts a response the document describes', async () => {
    const problems = await loadOpenApiContract(file);
    expect(
      problems('get', '/items', 200, { items: [{ id: 1, note: 'x' }] }),
    ).toEqual([]);
  });

  it('reports missing required fields, wrong types and undocumented fields', async () => {
    const problems = await loadOpenApiContract(file);
    expect(
      problems('get', '/items', 200, { items: [{ note: 1, extra: true }] }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'id'"),
        expect.stringContaining('/items/0/note must be string'),
        expect.stringContaining('(extra)'),
      ]),
    );
  });

  it('reports routes and statuses the document lacks', async () => {
    const problems = await loadOpenApiContract(file);
    expect(problems('post', '/items', 200, {})).toEqual([
      'openapi.yaml has no POST /items',
    ]);
    expect(problems('get', '/items', 404, {})).toEqual([
      'openapi.yaml has no JSON 404 response for /items',
    ]);
  });
});

describe('documentedOperations and servedOperations', () => {
  it('list the same operations for a router that serves what its document describes', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'openapi-operations-'));
    const documentPath = path.join(directory, 'openapi.yaml');
    writeFileSync(
      documentPath,
      `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items:
    parameters: []
    get: { responses: { '200': { description: ok } } }
    post: { responses: { '201': { description: ok } } }
  /items/{id}:
    delete: { responses: { '204': { description: ok } } }
`,
    );
    const router: Parameters<typeof servedOperations>[0] = {
      stack: [
        { route: { path: '/items', methods: { get: true } } },
        {},
        { route: { path: '/items', methods: { post: true } } },
        { route: { path: '/items/:id', methods: { delete: true } } },
      ],
    };
    expect(documentedOperations(documentPath)).toEqual([
      'delete /items/{id}',
      'get /items',
      'post /items',
    ]);
    expect(servedOperations(router)).toEqual(
      documentedOperations(documentPath),
    );
  });
});
