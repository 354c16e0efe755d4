import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3 document whose references all resolve', async () => {
    const document = parseYaml(
      readFileSync(path.resolve(__dirname, 'openapi.yaml'), 'utf8'),
    );
    await expect(SwaggerParser.validate(document)).resolves.toMatchObject({
      openapi: '3.0.3',
    });
  });
});
