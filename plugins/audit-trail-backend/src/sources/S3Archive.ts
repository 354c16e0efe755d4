import {
  GetObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { CLOUDTRAIL_LOG_KEY, LogArchive, LogObject } from './LogArchive';

/** The CloudTrail S3 bucket, read with the S3 client and streamed object by object. */
export class S3Archive implements LogArchive {
  readonly name: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Key prefix before `AWSLogs/`, e.g. `cloudtrail/` for a trail with an S3 key prefix. */
    private readonly prefix: string = '',
  ) {
    this.name = `s3:${bucket}/${prefix}`;
  }

  /**
   * Walks `AWSLogs/[org/]<account>/CloudTrail/<region>/` with delimiter listings, then lists
   * each region from the `since` day folder on (`StartAfter`): a run reads the recent days of
   * a large organization archive, not its whole history.
   */
  async *list(since?: string): AsyncIterable<LogObject> {
    const root = `${this.prefix}AWSLogs/`;
    for await (const accountPrefix of this.accountPrefixes(root)) {
      for await (const regionPrefix of this.subfolders(
        `${accountPrefix}CloudTrail/`,
      )) {
        const pages = paginateListObjectsV2(
          { client: this.client },
          {
            Bucket: this.bucket,
            Prefix: regionPrefix,
            // Keys sort by day folder; everything in or after `since` comes after this.
            StartAfter: since ? `${regionPrefix}${since}` : undefined,
          },
        );
        for await (const page of pages) {
          for (const object of page.Contents ?? []) {
            const key = object.Key?.slice(this.prefix.length);
            if (key && CLOUDTRAIL_LOG_KEY.test(key)) {
              yield {
                key,
                version: object.ETag ?? `${object.LastModified?.toISOString()}`,
              };
            }
          }
        }
      }
    }
  }

  /** `AWSLogs/<account>/` folders, also below an organization folder `AWSLogs/o-…/`. */
  private async *accountPrefixes(root: string): AsyncIterable<string> {
    for await (const folder of this.subfolders(root)) {
      const name = folder.slice(root.length, -1);
      if (/^\d{12}$/.test(name)) {
        yield folder;
      } else if (/^o-[a-z0-9]+$/.test(name)) {
        for await (const account of this.subfolders(folder)) {
          if (/^\d{12}\/$/.test(account.slice(folder.length))) yield account;
        }
      }
    }
  }

  private async *subfolders(prefix: string): AsyncIterable<string> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix, Delimiter: '/' },
    );
    for await (const page of pages) {
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix) yield common.Prefix;
      }
    }
  }

  async open(key: string): Promise<Readable> {
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}${key}`,
      }),
    );
    if (!(response.Body instanceof Readable)) {
      throw new Error(`s3://${this.bucket}/${this.prefix}${key} has no body`);
    }
    return response.Body;
  }
}
