import path from 'node:path';
import { labelledBlocks, listTerraformFiles, parseFiles } from './hcl';
import { parseTypeConstraint, TypeConstraint } from './typeConstraint';

export interface VariableDefinition {
  name: string;
  /** Undefined when the variable declares no type (any value is accepted). */
  type?: TypeConstraint;
  required: boolean;
}

/** The interface of a module: its declared input variables and outputs. */
export interface ModuleDefinition {
  dir: string;
  variables: Map<string, VariableDefinition>;
  outputs: Set<string>;
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
  }
  return { dir, variables, outputs };
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
