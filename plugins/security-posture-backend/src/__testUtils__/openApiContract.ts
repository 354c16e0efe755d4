import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Checks HTTP responses against `src/schema/openapi.yaml` (tests only), so the document stays
 * true to what the router answers.
 */
export async function loadOpenApiContract() {
  const document: any = await SwaggerParser.dereference(
    parseYaml(
      readFileSync(path.resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
    ),
  );
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  /** What is wrong with a response, per the document; empty when it conforms. */
  return (
    method: 'get' | 'post',
    route: string,
    status: number,
    body: unknown,
  ): string[] => {
    const operation = document.paths[route]?.[method];
    if (!operation)
      return [`openapi.yaml has no ${method.toUpperCase()} ${route}`];
    const schema =
      operation.responses[String(status)]?.content?.['application/json']
        ?.schema;
    if (!schema)
      return [`openapi.yaml has no JSON ${status} response for ${route}`];
    const validate = ajv.compile(schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      error =>
        `${method.toUpperCase()} ${route} ${status}: ${error.instancePath} ${
          error.message
        }`,
    );
  };
}
