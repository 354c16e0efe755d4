import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  CLOUDTRAIL_LOG_KEY,
  dayOfKey,
  LogArchive,
  LogObject,
} from './LogArchive';

/** A local directory in the S3 archive layout (sample logs, or an `aws s3 sync` copy). */
export class LocalDirectoryArchive implements LogArchive {
  readonly name: string;

  constructor(private readonly directory: string) {
    this.name = `local:${directory}`;
  }

  async *list(since?: string): AsyncIterable<LogObject> {
    const entries = await fs.promises.readdir(this.directory, {
      recursive: true,
      withFileTypes: true,
    });
    const files = entries
      .filter(entry => entry.isFile())
      .map(entry =>
        path
          .relative(this.directory, path.join(entry.parentPath, entry.name))
          .split(path.sep)
          .join('/'),
      )
      .filter(key => CLOUDTRAIL_LOG_KEY.test(key))
      .filter(key => !since || (dayOfKey(key) ?? '') >= since)
      .sort();
    for (const key of files) {
      const stat = await fs.promises.stat(path.join(this.directory, key));
      yield { key, version: `${stat.size}-${stat.mtimeMs}` };
    }
  }

  async open(key: string): Promise<Readable> {
    const file = path.resolve(this.directory, key);
    if (!file.startsWith(path.resolve(this.directory) + path.sep)) {
      throw new Error(`${key} is outside ${this.directory}`);
    }
    return fs.createReadStream(file);
  }
}
