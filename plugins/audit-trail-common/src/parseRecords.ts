/** Records read from one CloudTrail file, plus the parts that could not be read. */
export interface ParsedRecords {
  records: unknown[];
  /** Lines or documents that are not JSON, or JSON that holds no records. */
  malformed: number;
  errors: string[];
}

const MAX_REPORTED_ERRORS = 20;

/**
 * Reads the text of a CloudTrail file in any of the formats CloudTrail and its tooling
 * produce: the S3 log format `{"Records":[…]}`, a JSON array of records, or JSON lines (one
 * record, or one `{"Records":[…]}` document, per line).
 */
export function parseCloudTrailText(text: string): ParsedRecords {
  const trimmed = text.trim();
  if (trimmed === '') return { records: [], malformed: 0, errors: [] };
  try {
    return fromDocument(JSON.parse(trimmed));
  } catch {
    // Not one JSON document: read it as JSON lines.
  }
  const result: ParsedRecords = { records: [], malformed: 0, errors: [] };
  const lines = trimmed.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: ParsedRecords;
    try {
      parsed = fromDocument(JSON.parse(line));
    } catch (error) {
      parsed = {
        records: [],
        malformed: 1,
        errors: [`line ${index + 1}: ${(error as Error).message}`],
      };
    }
    result.records.push(...parsed.records);
    result.malformed += parsed.malformed;
    for (const message of parsed.errors) {
      if (result.errors.length < MAX_REPORTED_ERRORS) {
        result.errors.push(message);
      }
    }
  });
  return result;
}

function fromDocument(document: unknown): ParsedRecords {
  if (Array.isArray(document)) {
    return { records: document, malformed: 0, errors: [] };
  }
  if (typeof document === 'object' && document !== null) {
    const records = (document as { Records?: unknown }).Records;
    if (Array.isArray(records)) {
      return { records, malformed: 0, errors: [] };
    }
    // A single record on its own (JSON lines of records).
    return { records: [document], malformed: 0, errors: [] };
  }
  return {
    records: [],
    malformed: 1,
    errors: [`JSON value of type ${typeof document} holds no records`],
  };
}
