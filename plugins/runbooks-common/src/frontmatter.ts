import { parseDocument } from 'yaml';
import { z } from 'zod';
import { RUNBOOK_ID_PATTERN } from './ids';

export const runbookSeverities = ['critical', 'high', 'medium', 'low'] as const;
export const runbookTestOutcomes = ['passed', 'partial', 'failed'] as const;

const kebabId = (what: string) =>
  z
    .string()
    .regex(
      RUNBOOK_ID_PATTERN,
      `must be a ${what}: lower-case letters, digits and dashes`,
    );

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a real calendar day, not in the future (a review cannot happen tomorrow). */
export const runbookDateSchema = z
  .string()
  .regex(DATE_PATTERN, 'must be a date YYYY-MM-DD')
  // Zod runs refinements after a failed regex too: each one must accept any string.
  .refine(value => {
    if (!DATE_PATTERN.test(value)) return true;
    const time = Date.parse(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(time) && new Date(time).toISOString().startsWith(value)
    );
  }, 'is not a calendar date')
  .refine(
    value => !(Date.parse(`${value}T00:00:00Z`) > Date.now()),
    'is in the future',
  );

/** `group:name` or `group:namespace/name`, as the catalog's owners are written. */
const groupRef = z
  .string()
  .regex(
    /^group:(?:[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/,
    'must be a group entity ref, e.g. group:default/platform-team',
  );

/** An entity ref (`component:default/portal`) or a bare kind (`Component`). */
const entityRefOrKind = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9-]*(?::(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*)?$/,
    'must be an entity ref (kind:namespace/name) or a kind',
  );

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .default([])
    .refine(list => new Set(list).size === list.length, 'has duplicates');

/**
 * The YAML frontmatter of a runbook, as written in the file (snake_case keys). Unknown keys are
 * errors so that a typo (`control:`) is reported instead of silently ignored.
 */
export const runbookFrontmatterSchema = z
  .strictObject({
    id: kebabId('runbook id'),
    title: z.string().trim().min(1, 'must not be empty'),
    summary: z.string().trim().min(1, 'must not be empty'),
    severity: z.enum(runbookSeverities),
    owner: groupRef,
    applies_to: uniqueList(entityRefOrKind),
    controls: uniqueList(kebabId('posture control id')),
    detections: uniqueList(kebabId('detection rule id')),
    deploy_steps: uniqueList(kebabId('deployment step')),
    last_reviewed: runbookDateSchema,
    last_tested: z
      .strictObject({
        date: runbookDateSchema,
        by: z.string().trim().min(1, 'must name who tested'),
        outcome: z.enum(runbookTestOutcomes),
      })
      // Empty (`last_tested:`) or absent: never tested.
      .nullish(),
    tags: uniqueList(kebabId('tag')),
  })
  .transform(value => ({
    id: value.id,
    title: value.title,
    summary: value.summary,
    severity: value.severity,
    owner: value.owner,
    appliesTo: value.applies_to,
    controls: value.controls,
    detections: value.detections,
    deploySteps: value.deploy_steps,
    lastReviewed: value.last_reviewed,
    tags: value.tags,
    ...(value.last_tested ? { lastTested: value.last_tested } : {}),
  }));

/** The body of `POST /runbooks/:id/tests`; who tested is the signed-in user, never the body. */
export const runbookTestInputSchema = z
  .strictObject({
    date: runbookDateSchema,
    outcome: z.enum(runbookTestOutcomes),
    note: z
      .string()
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .optional(),
  })
  .refine(input => input.outcome === 'passed' || Boolean(input.note), {
    path: ['note'],
    message:
      'is required when the outcome is partial or failed: say what did not work',
  });

export type RunbookTestInput = z.input<typeof runbookTestInputSchema>;

/** A runbook's validated frontmatter, as the API sends it. */
export type RunbookFrontmatter = z.output<typeof runbookFrontmatterSchema>;

/** Why a runbook file is invalid: `field` is the frontmatter key path, e.g. `last_tested.date`. */
export interface RunbookProblem {
  file: string;
  field: string;
  reason: string;
  /** The configured location (`runbooks.locations[].target`) of the file; absent for the repository's directory. */
  location?: string;
}

export type ParsedRunbookFile =
  | { ok: true; frontmatter: RunbookFrontmatter; body: string }
  | { ok: false; problems: RunbookProblem[]; body: string };

/** The frontmatter block at the top of a file and what follows it; `undefined` without one. */
export function splitFrontmatter(
  text: string,
): { yaml: string; body: string } | undefined {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Line by line rather than one regex over the file: linear in the file's size.
  const lines = source.split('\n');
  if (lines[0].replace(/\r$/, '') !== '---') return undefined;
  const end = lines.findIndex(
    (line, index) => index > 0 && /^(---|\.\.\.)\r?$/.test(line),
  );
  if (end < 0) return undefined;
  return {
    yaml: lines.slice(1, end).join('\n'),
    body: lines
      .slice(end + 1)
      .join('\n')
      .replace(/^(\r?\n)+/, ''),
  };
}

/**
 * Parses and validates one runbook file. `file` is the file's name (`<id>.md`); the frontmatter
 * `id` must match it so that links by id and the file on disk never disagree.
 */
export function parseRunbookFile(
  file: string,
  text: string,
): ParsedRunbookFile {
  const problem = (field: string, reason: string): ParsedRunbookFile => ({
    ok: false,
    problems: [{ file, field, reason }],
    body: text,
  });
  const split = splitFrontmatter(text);
  if (!split) {
    return problem(
      'frontmatter',
      'missing: the file must start with a YAML block between two `---` lines',
    );
  }
  const document = parseDocument(split.yaml, { uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map(error => ({
        file,
        field: 'frontmatter',
        reason: `invalid YAML: ${error.message.split('\n')[0]}`,
      })),
      body: split.body,
    };
  }
  const data = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ...problem('frontmatter', 'must be a YAML mapping'),
      body: split.body,
    };
  }
  const result = runbookFrontmatterSchema.safeParse(data);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.flatMap(issue =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map(key => ({
              file,
              field: [...issue.path, key].join('.'),
              reason: 'is not a runbook frontmatter key',
            }))
          : [
              {
                file,
                field: issue.path.join('.') || 'frontmatter',
                reason: /received undefined$/.test(issue.message)
                  ? 'is required'
                  : issue.message,
              },
            ],
      ),
      body: split.body,
    };
  }
  const expectedId = file.replace(/\.md$/, '');
  if (result.data.id !== expectedId) {
    return {
      ...problem(
        'id',
        `"${result.data.id}" does not match the file name ${file}`,
      ),
      body: split.body,
    };
  }
  return { ok: true, frontmatter: result.data, body: split.body };
}
