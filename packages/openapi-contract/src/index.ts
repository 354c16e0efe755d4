import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

type Schema = Record<string, any>;

const mapValues = (map: Record<string, unknown>, fn: (value: any) => any) =>
  Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, fn(value)]),
  );

/**
 * The schema with every object closed: an object that lists its properties and says nothing about
 * others gets `additionalProperties: false`, so a field the API sends but the document does not
 * describe fails the check. `allOf` members are merged first (closing them one by one would make
 * each reject the others' properties).
 */
export function closedSchema(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { allOf, ...rest } = schema as Schema;
  let result: Schema = { ...rest };
  if (Array.isArray(allOf)) {
    const members: Schema[] = allOf.map(member => {
      const merged = closedSchema(member);
      delete merged.additionalProperties;
      return merged;
    });
    result = Object.assign({}, ...members, rest);
    result.properties = Object.assign(
      {},
      ...members.map(member => member.properties ?? {}),
      rest.properties,
    );
    result.required = [
      ...new Set([...members, rest].flatMap(member => member.required ?? [])),
    ];
  }
  if (result.properties) {
    result.properties = mapValues(result.properties, closedSchema);
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    if (result[key] && typeof result[key] === 'object') {
      result[key] = closedSchema(result[key]);
    }
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(result[key])) result[key] = result[key].map(closedSchema);
  }
  if (result.properties && result.additionalProperties === undefined) {
    result.additionalProperties = false;
  }
  return result;
}

/**
 * Checks HTTP responses against an OpenAPI document (in tests), so the document stays true to
 * what the router answers: required fields present, types and enums right, and no field the
 * document does not describe.
 */
export async function loadOpenApiContract(documentPath: string) {
  const document: any = await SwaggerParser.dereference(
    parseYaml(readFileSync(documentPath, 'utf8')),
  );
  const documentName = path.basename(documentPath);
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
      return [`${documentName} has no ${method.toUpperCase()} ${route}`];
    const schema =
      operation.responses[String(status)]?.content?.['application/json']
        ?.schema;
    if (!schema)
      return [`${documentName} has no JSON ${status} response for ${route}`];
    const validate = ajv.compile(closedSchema(schema));
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      error =>
        `${method.toUpperCase()} ${route} ${status}: ${error.instancePath} ${
          error.message
        }${
          error.keyword === 'additionalProperties'
            ? ` (${error.params.additionalProperty})`
            : ''
        }`,
    );
  };
}

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** `method /path` of every operation the OpenAPI document describes, sorted. */
export function documentedOperations(documentPath: string): string[] {
  const document: any = parseYaml(readFileSync(documentPath, 'utf8'));
  return Object.entries<Record<string, unknown>>(document.paths ?? {})
    .flatMap(([route, item]) =>
      Object.keys(item)
        .filter(key => httpMethods.includes(key))
        .map(method => `${method} ${route}`),
    )
    .sort();
}

/**
 * `method /path` of every route an Express router serves, sorted, with `:param` written as
 * OpenAPI's `{param}`, to compare with `documentedOperations`.
 */
export function servedOperations(router: {
  stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
}): string[] {
  return router.stack
    .flatMap(layer => {
      const route = layer.route;
      if (!route) return [];
      const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(route.methods).map(
        method => `${method} ${openApiPath}`,
      );
    })
    .sort();
}
