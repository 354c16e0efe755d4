import { createTemplateFilter } from '@backstage/plugin-scaffolder-node/alpha';
import { hclLiteral, markdownText, yamlLiteral } from './quoting';

/** `hcl`, `yaml` and `markdown`: the quoting filters every skeleton value goes through. */
export const sparkiTemplateFilters = [
  createTemplateFilter({
    id: 'hcl',
    description:
      'Writes a value as an HCL literal: a quoted, escaped string (also `${` and `%{`), a number, a bool, a tuple or an object.',
    schema: z =>
      z
        .function()
        .args(z.any().describe('Value'))
        .returns(z.string().describe('HCL literal')),
    examples: [
      {
        example: 'owner = ${{ values.owner | hcl }}',
        notes: '- **Output**: `owner = "group:default/platform-team"`',
      },
    ],
    filter: (value: unknown) => hclLiteral(value),
  }),
  createTemplateFilter({
    id: 'yaml',
    description:
      'Writes a value as a one-line YAML flow literal: strings always double-quoted and escaped.',
    schema: z =>
      z
        .function()
        .args(z.any().describe('Value'))
        .returns(z.string().describe('YAML literal')),
    examples: [
      {
        example: 'owner: ${{ values.owner | yaml }}',
        notes: '- **Output**: `owner: "group:default/platform-team"`',
      },
    ],
    filter: (value: unknown) => yamlLiteral(value),
  }),
  createTemplateFilter({
    id: 'markdown',
    description:
      'Writes a value as one line of Markdown text: markup characters escaped, line breaks as <br>.',
    schema: z =>
      z
        .function()
        .args(z.any().describe('Value'))
        .returns(z.string().describe('Markdown text')),
    examples: [
      {
        example: '| Description | ${{ values.description | markdown }} |',
        notes: '- **Input**: `a | b`\n- **Output**: `a \\| b`',
      },
    ],
    filter: (value: unknown) => markdownText(value),
  }),
];
