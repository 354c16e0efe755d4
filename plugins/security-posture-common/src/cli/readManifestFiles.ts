import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ManifestFile } from '../manifests';

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(
      typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer),
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads manifests from a directory (recursively: .yaml, .yml, .json, in path order), a single
 * file, or `-` for standard input. File names in the result are relative to the directory.
 */
export async function readManifestFiles(
  target: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<ManifestFile[]> {
  if (target === '-') {
    return [{ name: '<stdin>', content: await readStream(stdin) }];
  }
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `Cannot read ${target}: ${
        error.code === 'ENOENT' ? 'no such file or directory' : error.message
      }`,
    );
  });
  if (info.isFile()) {
    return [{ name: target, content: await readFile(target, 'utf8') }];
  }
  const entries = await readdir(target, {
    withFileTypes: true,
    recursive: true,
  });
  const files = entries
    .filter(
      entry =>
        entry.isFile() && manifestExtensions.has(path.extname(entry.name)),
    )
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async file => ({
      name: path.relative(target, file),
      content: await readFile(file, 'utf8'),
    })),
  );
}
