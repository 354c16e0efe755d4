import fs from 'node:fs/promises';
import path from 'node:path';
import {
  labelledBlocks,
  listTerraformFiles,
  parseFiles,
  ParsedFile,
} from './hcl';
import {
  ModuleDefinition,
  ModuleDefinitionCache,
  unwrap,
  VariableDefinition,
} from './moduleDefinitions';
import {
  checkValue,
  isExpression,
  parseTypeConstraint,
} from './typeConstraint';

/** One reason a root fails validation, located by file, block and (when known) argument. */
export interface RootProblem {
  file: string;
  block?: string;
  argument?: string;
  message: string;
}

export function formatProblem(problem: RootProblem): string {
  const where = [
    problem.file,
    problem.block,
    problem.argument ? `argument "${problem.argument}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${problem.message}`;
}

export interface RootValidationOptions {
  /** Local directory holding one sub-directory per module (vpc, eks, ...). */
  modulesDir: string;
  /** Remote prefix generated roots use; `<moduleSource>/<name>` maps to `<modulesDir>/<name>`. */
  moduleSource: string;
  /** The ref every module source must be pinned to (`?ref=<moduleRef>`); none when undefined. */
  moduleRef?: string;
  definitions?: ModuleDefinitionCache;
}

/** A module call of the root and the module it resolved to. */
export interface ModuleCall {
  name: string;
  definition: ModuleDefinition;
  /** The call's count or for_each, as written (`var.enable_redis ? 1 : 0`). */
  repetition?: string;
}

export interface RootValidationResult {
  files: string[];
  moduleCalls: number;
  /** The calls whose module could be read, in the order of the files. */
  modules: ModuleCall[];
  /** Values of the root's variables: the .tfvars literals over the declared defaults. */
  variableValues: Record<string, unknown>;
  problems: RootProblem[];
}

// Arguments Terraform gives meaning to in every module block; they are not module variables.
const META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);

/**
 * Validates a Terraform root: every file parses with the HCL parser, every module call matches
 * the declared variables of the module it sources, every reference names something declared, and
 * every .tfvars file sets known variables with values of the declared type.
 */
export async function validateRoot(
  rootDir: string,
  options: RootValidationOptions,
): Promise<RootValidationResult> {
  const definitions = options.definitions ?? new ModuleDefinitionCache();
  const problems: RootProblem[] = [];
  const allFiles = await listTerraformFiles(rootDir, false);
  const { parsed, failures } = await parseFiles(rootDir, allFiles);
  for (const failure of failures) {
    problems.push({
      file: failure.file,
      message: `HCL syntax error: ${failure.error}`,
    });
  }
  const files = [
    ...parsed.map(p => p.file),
    ...failures.map(f => f.file),
  ].sort();
  const configFiles = parsed.filter(p => p.file.endsWith('.tf'));
  const varFiles = parsed.filter(p => p.file.endsWith('.tfvars'));
  if (allFiles.filter(file => file.endsWith('.tf')).length === 0) {
    problems.push({
      file: '.',
      message: 'no .tf files: this is not a Terraform root',
    });
  }

  const variables = collectNamed(configFiles, 'variable', problems);
  const modules = collectNamed(configFiles, 'module', problems);
  const locals = new Set(
    configFiles.flatMap(({ body }) =>
      (Array.isArray(body.locals) ? body.locals : []).flatMap((block: object) =>
        Object.keys(block),
      ),
    ),
  );
  const rootVariables = new Map<string, VariableDefinition>();
  for (const [name, { block, file }] of variables) {
    try {
      rootVariables.set(name, {
        name,
        type:
          typeof block.type === 'string'
            ? parseTypeConstraint(block.type)
            : undefined,
        required: !('default' in block),
      });
    } catch (error) {
      problems.push({
        file,
        block: `variable "${name}"`,
        argument: 'type',
        message: String(error),
      });
    }
  }

  const moduleInterfaces = new Map<string, ModuleDefinition>();
  const calls: ModuleCall[] = [];
  for (const [name, { block, file }] of modules) {
    const where = { file, block: `module "${name}"` };
    const dir = await resolveModuleDir(block.source, options, where, problems);
    if (!dir) continue;
    let definition: ModuleDefinition;
    try {
      definition = await definitions.get(dir);
    } catch (error) {
      problems.push({
        ...where,
        argument: 'source',
        message: (error as Error).message,
      });
      continue;
    }
    moduleInterfaces.set(name, definition);
    const repetition = block.count ?? block.for_each;
    calls.push({
      name,
      definition,
      ...(repetition !== undefined && {
        repetition: `${'count' in block ? 'count' : 'for_each'} = ${unwrap(
          repetition,
        )}`,
      }),
    });
    problems.push(...checkModuleArguments(block, definition, where));
  }

  for (const { file, body } of configFiles) {
    problems.push(
      ...checkReferences(
        file,
        body,
        rootVariables,
        locals,
        modules,
        moduleInterfaces,
      ),
    );
    problems.push(...checkBackend(file, body));
  }
  for (const varFile of varFiles) {
    problems.push(...checkVarFile(varFile, rootVariables));
  }
  const variableValues: Record<string, unknown> = {};
  for (const [name, { block }] of variables) {
    if ('default' in block) variableValues[name] = block.default;
  }
  for (const { body } of varFiles) Object.assign(variableValues, body);
  return {
    files,
    moduleCalls: modules.size,
    modules: calls,
    variableValues,
    problems,
  };
}

function collectNamed(
  files: ParsedFile[],
  type: string,
  problems: RootProblem[],
): Map<string, { block: Record<string, any>; file: string }> {
  const named = new Map<string, { block: Record<string, any>; file: string }>();
  for (const { file, body } of files) {
    for (const [name, block] of labelledBlocks(body, type)) {
      const earlier = named.get(name);
      if (earlier) {
        problems.push({
          file,
          block: `${type} "${name}"`,
          message: `duplicate ${type} "${name}", already declared in ${earlier.file}`,
        });
        continue;
      }
      named.set(name, { block, file });
    }
  }
  return named;
}

async function resolveModuleDir(
  source: unknown,
  options: RootValidationOptions,
  where: { file: string; block: string },
  problems: RootProblem[],
): Promise<string | undefined> {
  if (typeof source !== 'string' || source === '') {
    problems.push({
      ...where,
      argument: 'source',
      message: 'missing module source',
    });
    return undefined;
  }
  if (isExpression(source) || source.includes('${')) {
    problems.push({
      ...where,
      argument: 'source',
      message: `module source must be a literal string, got ${source}`,
    });
    return undefined;
  }
  // Only the platform's modules may be called: a local path, another repository or another ref
  // could hold any resource, unreviewed.
  const prefix = `${options.moduleSource.replace(/\/+$/, '')}/`;
  const pin = options.moduleRef ? `?ref=${options.moduleRef}` : '';
  if (!source.startsWith(prefix)) {
    problems.push({
      ...where,
      argument: 'source',
      message: `module source "${source}" is not under the configured module source ${options.moduleSource}: only ${prefix}<module>${pin} may be called`,
    });
    return undefined;
  }
  const [, moduleName, query = ''] =
    /^([A-Za-z0-9_-]+)(\?.*)?$/.exec(source.slice(prefix.length)) ?? [];
  if (!moduleName) {
    problems.push({
      ...where,
      argument: 'source',
      message: `module source "${source}" must name one module directly under ${prefix}`,
    });
    return undefined;
  }
  if (query !== pin) {
    problems.push({
      ...where,
      argument: 'source',
      message: pin
        ? `module source "${source}" must be pinned to the configured ref: ${prefix}${moduleName}${pin}`
        : `module source "${source}" must not choose a ref or other option (${query}): modules come from the default branch of ${options.moduleSource}`,
    });
    return undefined;
  }
  const dir = path.join(options.modulesDir, moduleName);
  if (!(await isDirectory(dir))) {
    problems.push({
      ...where,
      argument: 'source',
      message: `module source "${source}" names a module that does not exist (no ${path.basename(
        dir,
      )} in ${options.modulesDir})`,
    });
    return undefined;
  }
  return dir;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function checkModuleArguments(
  block: Record<string, any>,
  definition: ModuleDefinition,
  where: { file: string; block: string },
): RootProblem[] {
  const problems: RootProblem[] = [];
  for (const [argument, value] of Object.entries(block)) {
    if (META_ARGUMENTS.has(argument)) continue;
    const variable = definition.variables.get(argument);
    if (!variable) {
      problems.push({
        ...where,
        argument,
        message: `unknown argument: the module declares no variable "${argument}" (it declares ${[
          ...definition.variables.keys(),
        ].join(', ')})`,
      });
      continue;
    }
    if (variable.type) {
      for (const mismatch of checkValue(value, variable.type)) {
        problems.push({
          ...where,
          argument,
          message: `wrong type: ${mismatch}`,
        });
      }
    }
  }
  for (const variable of definition.variables.values()) {
    if (variable.required && !(variable.name in block)) {
      problems.push({
        ...where,
        argument: variable.name,
        message: `missing required variable "${variable.name}" of the module`,
      });
    }
  }
  return problems;
}

const REFERENCE =
  /\b(var|local|module)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g;

function checkReferences(
  file: string,
  body: Record<string, any>,
  variables: Map<string, VariableDefinition>,
  locals: Set<string>,
  modules: Map<string, unknown>,
  moduleInterfaces: Map<string, ModuleDefinition>,
): RootProblem[] {
  const problems: RootProblem[] = [];
  for (const [blockType, content] of Object.entries(body)) {
    for (const [label, value] of blockEntries(blockType, content)) {
      const block = label === undefined ? blockType : `${blockType} "${label}"`;
      for (const expression of expressionsIn(value)) {
        for (const [, kind, name, attribute] of expression.matchAll(
          REFERENCE,
        )) {
          if (kind === 'var' && !variables.has(name)) {
            problems.push({
              file,
              block,
              message: `reference to undeclared variable var.${name}`,
            });
          } else if (kind === 'local' && !locals.has(name)) {
            problems.push({
              file,
              block,
              message: `reference to undeclared local.${name}`,
            });
          } else if (kind === 'module') {
            if (!modules.has(name)) {
              problems.push({
                file,
                block,
                message: `reference to undeclared module.${name}`,
              });
            } else {
              const definition = moduleInterfaces.get(name);
              if (
                definition &&
                attribute &&
                !definition.outputs.has(attribute)
              ) {
                problems.push({
                  file,
                  block,
                  message: `module.${name}.${attribute} is not an output of the module (it has ${[
                    ...definition.outputs,
                  ].join(', ')})`,
                });
              }
            }
          }
        }
      }
    }
  }
  return problems;
}

function blockEntries(
  blockType: string,
  content: unknown,
): Array<[string | undefined, unknown]> {
  const labelled = [
    'variable',
    'module',
    'output',
    'provider',
    'resource',
    'data',
  ];
  if (labelled.includes(blockType) && content && typeof content === 'object') {
    return Object.entries(content).map(([label, value]) => [label, value]);
  }
  return [[undefined, content]];
}

function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('${') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(expressionsIn);
  return [];
}

/** State must be encrypted and locked: an S3 backend needs encrypt = true and a lock. */
function checkBackend(file: string, body: Record<string, any>): RootProblem[] {
  const problems: RootProblem[] = [];
  const terraformBlocks: Record<string, any>[] = Array.isArray(body.terraform)
    ? body.terraform
    : [];
  for (const terraform of terraformBlocks) {
    for (const [type, backend] of labelledBlocks(terraform, 'backend')) {
      if (type !== 's3') continue;
      const block = 'terraform backend "s3"';
      for (const argument of ['bucket', 'key', 'region']) {
        if (typeof backend[argument] !== 'string' || backend[argument] === '') {
          problems.push({
            file,
            block,
            argument,
            message: `missing ${argument}`,
          });
        }
      }
      if (backend.encrypt !== true) {
        problems.push({
          file,
          block,
          argument: 'encrypt',
          message: 'state must be encrypted (encrypt = true)',
        });
      }
      if (!backend.dynamodb_table && backend.use_lockfile !== true) {
        problems.push({
          file,
          block,
          argument: 'dynamodb_table',
          message:
            'state must be locked (dynamodb_table or use_lockfile = true)',
        });
      }
    }
  }
  return problems;
}

function checkVarFile(
  varFile: ParsedFile,
  variables: Map<string, VariableDefinition>,
): RootProblem[] {
  const problems: RootProblem[] = [];
  for (const [name, value] of Object.entries(varFile.body)) {
    const variable = variables.get(name);
    if (!variable) {
      problems.push({
        file: varFile.file,
        argument: name,
        message: `sets "${name}", which the root does not declare as a variable`,
      });
      continue;
    }
    if (isExpression(value)) {
      problems.push({
        file: varFile.file,
        argument: name,
        message: 'a .tfvars file may only hold literal values, not expressions',
      });
      continue;
    }
    if (variable.type) {
      for (const mismatch of checkValue(value, variable.type)) {
        problems.push({
          file: varFile.file,
          argument: name,
          message: `wrong type: ${mismatch}`,
        });
      }
    }
  }
  for (const variable of variables.values()) {
    if (variable.required && !(variable.name in varFile.body)) {
      problems.push({
        file: varFile.file,
        argument: variable.name,
        message: `does not set required variable "${variable.name}"`,
      });
    }
  }
  return problems;
}
