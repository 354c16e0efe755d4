import { parse } from '@cdktf/hcl2json';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A parsed .tf or .tfvars file: hcl2json's JSON rendering of the HashiCorp HCL parser's AST. */
export interface ParsedFile {
  /** Path relative to the directory that was read, with forward slashes. */
  file: string;
  body: Record<string, any>;
}

export interface ParseFailure {
  file: string;
  error: string;
}

/** Lists .tf and .tfvars files below a directory, skipping .terraform caches. */
export async function listTerraformFiles(
  dir: string,
  recursive: boolean,
): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string) {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (recursive && entry.name !== '.terraform' && entry.name !== '.git')
          await walk(full);
      } else if (/\.(tf|tfvars)$/.test(entry.name)) {
        found.push(full);
      }
    }
  }
  await walk(dir);
  return found.sort();
}

/** Parses every file with the HCL parser; syntax errors are collected, not thrown. */
export async function parseFiles(
  baseDir: string,
  files: string[],
): Promise<{ parsed: ParsedFile[]; failures: ParseFailure[] }> {
  const parsed: ParsedFile[] = [];
  const failures: ParseFailure[] = [];
  for (const full of files) {
    const file = path.relative(baseDir, full).split(path.sep).join('/');
    const content = await fs.readFile(full, 'utf8');
    try {
      parsed.push({
        file,
        body: (await parse(file, content)) as Record<string, any>,
      });
    } catch (error) {
      failures.push({ file, error: cleanParseError(error) });
    }
  }
  return { parsed, failures };
}

// hcl2json reports "parse config: [file:2,11-3,1: Summary; Detail.]".
function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^parse config: \[(.*)\]$/s, '$1');
}

/** Blocks of one type in a parsed body, as [label, block] pairs (hcl2json nests them in arrays). */
export function labelledBlocks(
  body: Record<string, any>,
  type: string,
): Array<[string, Record<string, any>]> {
  const byLabel = body[type];
  if (!byLabel || typeof byLabel !== 'object') return [];
  return Object.entries(byLabel).flatMap(([label, blocks]) =>
    (Array.isArray(blocks) ? blocks : [blocks]).map(
      block => [label, block] as [string, Record<string, any>],
    ),
  );
}
