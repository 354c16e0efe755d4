import path from 'node:path';
import { labelledBlocks, listTerraformFiles, parseFiles } from './hcl';
import { parseTypeConstraint, TypeConstraint } from './typeConstraint';

export interface VariableDefinition {
  name: string;
  /** Undefined when the variable declares no type (any value is accepted). */
  type?: TypeConstraint;
  required: boolean;
}

/** A `resource` block of a module: what calling the module creates. */
export interface ResourceDefinition {
  /** e.g. `aws_db_instance` */
  type: string;
  name: string;
  /** The count or for_each expression when the block has one (zero, one or more instances). */
  repetition?: string;
}

/** The interface of a module: its declared input variables and outputs, and the resources it creates. */
export interface ModuleDefinition {
  dir: string;
  variables: Map<string, VariableDefinition>;
  outputs: Set<string>;
  resources: ResourceDefinition[];
}

/** Reads the variable and output declarations of the module in `dir`. */
export async function loadModuleDefinition(
  dir: string,
): Promise<ModuleDefinition> {
  const files = (await listTerraformFiles(dir, false)).filter(file =>
    file.endsWith('.tf'),
  );
  if (files.length === 0) {
    throw new Error(`no .tf files in ${dir}`);
  }
  const { parsed, failures } = await parseFiles(dir, files);
  if (failures.length > 0) {
    throw new Error(
      `module at ${dir} does not parse: ${failures
        .map(f => `${f.file}: ${f.error}`)
        .join('; ')}`,
    );
  }
  const variables = new Map<string, VariableDefinition>();
  const outputs = new Set<string>();
  const resources: ResourceDefinition[] = [];
  for (const { body } of parsed) {
    for (const [name, block] of labelledBlocks(body, 'variable')) {
      variables.set(name, {
        name,
        type:
          typeof block.type === 'string'
            ? parseTypeConstraint(block.type)
            : undefined,
        // A variable with any default, even null, may be omitted by the caller.
        required: !('default' in block),
      });
    }
    for (const [name] of labelledBlocks(body, 'output')) {
      outputs.add(name);
    }
    // hcl2json nests resources by type, then by name.
    for (const [type, byName] of Object.entries(body.resource ?? {})) {
      for (const [name, blocks] of Object.entries(
        byName as Record<string, Array<Record<string, unknown>>>,
      )) {
        const block = blocks[0] ?? {};
        const repetition = block.count ?? block.for_each;
        resources.push({
          type,
          name,
          ...(repetition !== undefined && {
            repetition: `${'count' in block ? 'count' : 'for_each'} = ${unwrap(
              repetition,
            )}`,
          }),
        });
      }
    }
  }
  return { dir, variables, outputs, resources };
}

/** An expression as written (`${var.x ? 1 : 0}` in hcl2json's rendering → `var.x ? 1 : 0`). */
export function unwrap(expression: unknown): string {
  if (typeof expression !== 'string') return JSON.stringify(expression);
  const match = /^\$\{(.*)\}$/s.exec(expression);
  return (match ? match[1] : JSON.stringify(expression))
    .replace(/\s+/g, ' ')
    .replace(/, \]/g, ']');
}

/** Loads module definitions on demand and keeps them for the rest of the run. */
export class ModuleDefinitionCache {
  private readonly loaded = new Map<string, Promise<ModuleDefinition>>();

  get(dir: string): Promise<ModuleDefinition> {
    const key = path.resolve(dir);
    let definition = this.loaded.get(key);
    if (!definition) {
      definition = loadModuleDefinition(key);
      this.loaded.set(key, definition);
    }
    return definition;
  }
}
