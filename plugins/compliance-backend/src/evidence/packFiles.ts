import { csvRow } from '@sparki/audit-trail-common';
import type { EvidencePackFile } from '@sparki/compliance-common';
import { createHash, Hash } from 'node:crypto';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';

/** Writes are gathered to this size before they go to the file (fewer, larger writes). */
const FLUSH_BYTES = 64 * 1024;

/**
 * One file of a pack, written to disk as it is produced and hashed on the way: its content is
 * never held whole, and its SHA-256 is known when it closes.
 */
class PackFile {
  private readonly out: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private pending = '';
  private bytes = 0;
  protected rows = 0;

  constructor(
    dir: string,
    readonly path: string,
    private readonly description: string,
  ) {
    this.out = createWriteStream(join(dir, path));
  }

  protected async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) {
      // Backpressure: wait until the disk has taken what is queued.
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          this.out.off('drain', done);
          this.out.off('error', done);
          if (error) reject(error);
          else resolve();
        };
        this.out.on('drain', done);
        this.out.on('error', done);
      });
    }
  }

  /** Stops writing (the pack failed); the pack's directory is removed after. */
  abort(): void {
    this.out.destroy();
  }

  async close(): Promise<EvidencePackFile> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(resolve);
    });
    return {
      path: this.path,
      sha256: this.hash.digest('hex'),
      bytes: this.bytes,
      rows: this.rows,
      description: this.description,
    };
  }
}

/** A CSV file: a header row, then one row per record, every cell quoted and formula-neutral. */
export class CsvPackFile<T> extends PackFile {
  constructor(
    dir: string,
    path: string,
    description: string,
    private readonly columns: ReadonlyArray<[string, (record: T) => unknown]>,
  ) {
    super(dir, path, description);
  }

  async add(record: T): Promise<void> {
    if (this.rows === 0) await this.write(csvRow(this.columns.map(c => c[0])));
    this.rows += 1;
    await this.write(csvRow(this.columns.map(([, get]) => get(record))));
  }

  override async close(): Promise<EvidencePackFile> {
    // An empty register still has its header: the file says which columns it would have.
    if (this.rows === 0) await this.write(csvRow(this.columns.map(c => c[0])));
    return super.close();
  }
}

/** A JSON array written item by item, one item per line. */
export class JsonArrayPackFile extends PackFile {
  async add(item: unknown): Promise<void> {
    await this.write(
      `${this.rows === 0 ? '[\n' : ',\n'}${JSON.stringify(item)}`,
    );
    this.rows += 1;
  }

  override async close(): Promise<EvidencePackFile> {
    await this.write(this.rows === 0 ? '[]\n' : '\n]\n');
    return super.close();
  }
}

/** Text written piece by piece, e.g. a document assembled from parts written elsewhere. */
export class TextPackFile extends PackFile {
  async append(text: string): Promise<void> {
    await this.write(text);
  }

  /** Copies another file's bytes in (UTF-8 text), without reading it whole. */
  async appendFile(path: string): Promise<void> {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
      await this.write(chunk as string);
    }
  }

  countRow(): void {
    this.rows += 1;
  }
}

class JsonDocumentFile extends PackFile {
  async set(value: unknown) {
    this.rows = 1;
    await this.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

/** A JSON document written at once (small: a summary, the manifest). */
export async function writeJsonFile(
  dir: string,
  path: string,
  description: string,
  value: unknown,
): Promise<EvidencePackFile> {
  const file = new JsonDocumentFile(dir, path, description);
  await file.set(value);
  return file.close();
}

/** The same records as CSV and as JSON: two files that list the same rows. */
export class CsvAndJson<T> {
  readonly csv: CsvPackFile<T>;
  readonly json: JsonArrayPackFile;

  constructor(
    dir: string,
    name: string,
    description: string,
    columns: ReadonlyArray<[string, (record: T) => unknown]>,
    private readonly toJson: (record: T) => unknown = record => record,
  ) {
    this.csv = new CsvPackFile(dir, `${name}.csv`, description, columns);
    this.json = new JsonArrayPackFile(dir, `${name}.json`, description);
  }

  async add(record: T): Promise<void> {
    await this.csv.add(record);
    await this.json.add(this.toJson(record));
  }

  async close(): Promise<EvidencePackFile[]> {
    return [await this.csv.close(), await this.json.close()];
  }

  abort(): void {
    this.csv.abort();
    this.json.abort();
  }
}
