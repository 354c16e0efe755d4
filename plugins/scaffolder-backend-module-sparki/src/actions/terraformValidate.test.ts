import { JsonObject } from '@backstage/types';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readEnvironmentsConfig } from '../config';
import { ConfigReader } from '@backstage/config';
import {
  environmentsConfigData,
  moduleSource,
} from '../__testUtils__/fixtures';
import { createTerraformValidateAction } from './terraformValidate';

const config = readEnvironmentsConfig(
  new ConfigReader({ sparki: { environments: environmentsConfigData } }),
);

const validMain = `
module "secrets" {
  source = "${moduleSource}/secrets"
  name   = var.environment
}

module "vpc" {
  source               = "${moduleSource}/vpc"
  name                 = var.environment
  cidr_block           = var.vpc_cidr
  az_count             = 3
  single_nat_gateway   = false
  flow_log_kms_key_arn = module.secrets.kms_key_arn
  tags                 = { team = "platform" }
}

module "eks" {
  source          = "${moduleSource}/eks"
  name            = var.environment
  cluster_version = "1.31"
  vpc_id          = module.vpc.vpc_id
  subnet_ids      = module.vpc.private_subnet_ids
  kms_key_arn     = module.secrets.kms_key_arn
  node_groups = {
    default = { instance_types = ["m6i.large"], min_size = 2, desired_size = 3, max_size = 6 }
  }
}
`;

const validVariables = `
variable "environment" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
`;

const validBackend = `
terraform {
  backend "s3" {
    bucket         = "state"
    key            = "environments/qa/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "locks"
    encrypt        = true
  }
}
`;

const validTfvars = `
environment = "qa"
vpc_cidr    = "10.70.0.0/16"
`;

describe('sparki:terraform:validate', () => {
  const workspace = createMockDirectory();
  const action = createTerraformValidateAction({ config });

  function writeRoot(files: Partial<Record<string, string>>) {
    const root: Record<string, string> = {
      'main.tf': validMain,
      'variables.tf': validVariables,
      'backend.tf': validBackend,
      'qa.tfvars': validTfvars,
    };
    for (const [file, content] of Object.entries(files)) {
      if (content === undefined) delete root[file];
      else root[file] = content;
    }
    workspace.setContent({ environments: { qa: root } });
  }

  async function run(input: JsonObject = { path: 'environments/qa' }) {
    const context = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action.handler(context as any);
    return context;
  }

  async function failure(
    files: Partial<Record<string, string>>,
  ): Promise<string> {
    writeRoot(files);
    try {
      await run();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the validation to fail');
  }

  it('accepts a valid root and reports what it checked', async () => {
    writeRoot({});
    const context = await run();
    expect(context.output).toHaveBeenCalledWith('files', [
      'backend.tf',
      'main.tf',
      'qa.tfvars',
      'variables.tf',
    ]);
    expect(context.output).toHaveBeenCalledWith('moduleCalls', 3);
  });

  it('names file, block and argument of an unknown argument', async () => {
    const message = await failure({
      'main.tf': validMain.replace(
        'az_count             = 3',
        'az_count = 3\n  azs = 3',
      ),
    });
    expect(message).toContain(
      'main.tf, module "vpc", argument "azs": unknown argument: the module declares no variable "azs"',
    );
    expect(message).toContain('(1 problem)');
  });

  it('catches a missing required variable', async () => {
    const message = await failure({
      'main.tf': validMain.replace(
        '  cidr_block           = var.vpc_cidr\n',
        '',
      ),
    });
    expect(message).toContain(
      'main.tf, module "vpc", argument "cidr_block": missing required variable "cidr_block" of the module',
    );
  });

  it('catches literal values of the wrong type, down to nested attributes', async () => {
    const message = await failure({
      'main.tf': validMain
        .replace('az_count             = 3', 'az_count             = "three"')
        .replace('single_nat_gateway   = false', 'single_nat_gateway   = 1')
        .replace('min_size = 2', 'min_size = "two"')
        .replace(
          'tags                 = { team = "platform" }',
          'tags = ["platform"]',
        ),
    });
    expect(message).toContain(
      'main.tf, module "vpc", argument "az_count": wrong type: expected number, got string "three"',
    );
    expect(message).toContain(
      'main.tf, module "vpc", argument "single_nat_gateway": wrong type: expected bool, got number 1',
    );
    expect(message).toContain(
      'main.tf, module "eks", argument "node_groups": wrong type: ["default"].min_size: expected number, got string "two"',
    );
    expect(message).toContain(
      'main.tf, module "vpc", argument "tags": wrong type: expected map(string), got a list',
    );
  });

  it('accepts the conversions Terraform makes and skips values it cannot know', async () => {
    writeRoot({
      'main.tf': validMain
        .replace('az_count             = 3', 'az_count             = "3"')
        .replace(
          'single_nat_gateway   = false',
          'single_nat_gateway   = var.environment == "prod"',
        ),
    });
    await expect(run()).resolves.toBeDefined();
  });

  it('reports HCL syntax errors with their position', async () => {
    const message = await failure({
      'main.tf': 'module "vpc" {\n  source = \n}\n',
    });
    expect(message).toMatch(
      /main\.tf: HCL syntax error: main\.tf:2,\d+-3,\d+: Invalid expression/,
    );
  });

  it('refuses module sources it cannot check and modules that do not exist', async () => {
    const message = await failure({
      'main.tf': `${validMain}
module "dns" {
  source = "terraform-aws-modules/route53/aws"
}

module "queue" {
  source = "${moduleSource}/sqs"
}
`,
    });
    expect(message).toContain(
      'main.tf, module "dns", argument "source": module source "terraform-aws-modules/route53/aws" is not under the configured module source',
    );
    expect(message).toContain(
      'main.tf, module "queue", argument "source": module source "git::https://github.com/sparki-org/infrastructure.git//modules/sqs" names a module that does not exist',
    );
  });

  it('refuses local and relative module sources, which could hold any resource', async () => {
    const message = await failure({
      'main.tf': validMain
        .replace(`${moduleSource}/secrets`, '../../modules/secrets')
        .replace(`${moduleSource}/vpc`, './vpc'),
    });
    expect(message).toContain(
      `main.tf, module "secrets", argument "source": module source "../../modules/secrets" is not under the configured module source ${moduleSource}: only ${moduleSource}/<module> may be called`,
    );
    expect(message).toContain(
      'main.tf, module "vpc", argument "source": module source "./vpc" is not under the configured module source',
    );
  });

  it.each([
    [`${moduleSource}/../../evil`, 'must name one module directly under'],
    [`${moduleSource}/vpc/../../evil`, 'must name one module directly under'],
    [`${moduleSource}/vpc//nested`, 'must name one module directly under'],
    [
      `${moduleSource}/vpc?ref=unreviewed`,
      'must not choose a ref or other option (?ref=unreviewed)',
    ],
    [`${moduleSource}/vpc?sshkey=x`, 'must not choose a ref or other option'],
    [`${moduleSource}-fork/vpc`, 'is not under the configured module source'],
    [
      'git::https://github.com/attacker/modules.git//vpc',
      'is not under the configured module source',
    ],
  ])('refuses the module source %s', async (source, reason) => {
    const message = await failure({
      'main.tf': validMain.replace(`"${moduleSource}/vpc"`, `"${source}"`),
    });
    expect(message).toContain(
      `main.tf, module "vpc", argument "source": module source "${source}" ${reason}`,
    );
  });

  it('requires the configured module ref when there is one', async () => {
    const pinned = createTerraformValidateAction({
      config: { ...config, moduleRef: 'v1.4.0' },
    });
    const runPinned = async () =>
      pinned.handler(
        createMockActionContext({
          input: { path: 'environments/qa' },
          workspacePath: workspace.path,
        }) as any,
      );
    writeRoot({
      'main.tf': validMain.replace(/(source\s+= "[^"]+)"/g, '$1?ref=v1.4.0"'),
    });
    await expect(runPinned()).resolves.toBeUndefined();
    writeRoot({
      'main.tf': validMain.replace(
        `"${moduleSource}/vpc"`,
        `"${moduleSource}/vpc?ref=main"`,
      ),
    });
    await expect(runPinned()).rejects.toThrow(
      `main.tf, module "vpc", argument "source": module source "${moduleSource}/vpc?ref=main" must be pinned to the configured ref: ${moduleSource}/vpc?ref=v1.4.0`,
    );
  });

  it('checks sources against the configured module source only, whatever the step says', async () => {
    // A step cannot widen what is allowed: the module source comes from the configuration.
    workspace.setContent({
      environments: {
        qa: {
          'main.tf': `${validMain}
module "anything" {
  source = "git::https://github.com/attacker/x.git//m/any"
}
`,
          'variables.tf': validVariables,
          'backend.tf': validBackend,
          'qa.tfvars': validTfvars,
        },
      },
      definitions: {
        any: {
          'main.tf': 'resource "aws_iam_user" "backdoor" {\n  name = "x"\n}\n',
        },
        secrets: {
          'variables.tf': 'variable "name" {\n  type = string\n}\n',
          'outputs.tf': 'output "kms_key_arn" {\n  value = 1\n}\n',
        },
      },
    });
    await expect(
      run({
        path: 'environments/qa',
        modulesDir: 'definitions',
        moduleSource: 'git::https://github.com/attacker/x.git//m',
      }),
    ).rejects.toThrow(
      'main.tf, module "anything", argument "source": module source "git::https://github.com/attacker/x.git//m/any" is not under the configured module source',
    );
  });

  it('catches references to undeclared variables, modules and module outputs', async () => {
    const message = await failure({
      'main.tf': validMain
        .replace(
          'name                 = var.environment',
          'name = var.env_name',
        )
        .replace(
          'vpc_id          = module.vpc.vpc_id',
          'vpc_id = module.vpc.id',
        )
        .replace(
          'kms_key_arn     = module.secrets.kms_key_arn',
          'kms_key_arn = module.kms.arn',
        ),
    });
    expect(message).toContain(
      'main.tf, module "vpc": reference to undeclared variable var.env_name',
    );
    expect(message).toContain(
      'main.tf, module "eks": module.vpc.id is not an output of the module',
    );
    expect(message).toContain(
      'main.tf, module "eks": reference to undeclared module.kms',
    );
  });

  it('checks .tfvars files against the root variables', async () => {
    const message = await failure({
      'qa.tfvars': 'environment = "qa"\nregion = "eu-west-1"\ntags = "none"\n',
    });
    expect(message).toContain(
      'qa.tfvars, argument "region": sets "region", which the root does not declare as a variable',
    );
    expect(message).toContain(
      'qa.tfvars, argument "tags": wrong type: expected map(string), got string "none"',
    );
    expect(message).toContain(
      'qa.tfvars, argument "vpc_cidr": does not set required variable "vpc_cidr"',
    );
  });

  it('requires an encrypted, locked S3 state backend', async () => {
    const message = await failure({
      'backend.tf': validBackend
        .replace('    encrypt        = true\n', '')
        .replace('    dynamodb_table = "locks"\n', ''),
    });
    expect(message).toContain(
      'backend.tf, terraform backend "s3", argument "encrypt": state must be encrypted',
    );
    expect(message).toContain(
      'backend.tf, terraform backend "s3", argument "dynamodb_table": state must be locked',
    );
  });

  it('catches duplicate declarations across files', async () => {
    const message = await failure({
      'extra.tf': 'variable "vpc_cidr" {\n  type = string\n}\n',
    });
    expect(message).toContain(
      'variables.tf, variable "vpc_cidr": duplicate variable "vpc_cidr", already declared in extra.tf',
    );
  });

  it('refuses a directory without Terraform files', async () => {
    workspace.setContent({
      environments: { qa: { 'README.md': '# nothing' } },
    });
    await expect(run()).rejects.toThrow(
      'no .tf files: this is not a Terraform root',
    );
  });

  it('refuses paths outside the workspace', async () => {
    writeRoot({});
    await expect(run({ path: '../../etc' })).rejects.toThrow(/outside/i);
  });
});
