import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadUrlOptions,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';

/**
 * A UrlReader over an in-memory set of files per URL, honouring ETags like the real readers:
 * the ETag changes with the content, and a request with the current one is "not modified".
 */
export class FakeUrlReader implements UrlReaderService {
  readonly calls: Array<{ url: string; etag?: string }> = [];
  private readonly trees = new Map<string, Record<string, string>>();
  private readonly versions = new Map<string, number>();

  set(url: string, files: Record<string, string> | undefined) {
    if (files) this.trees.set(url, files);
    else this.trees.delete(url);
    this.versions.set(url, (this.versions.get(url) ?? 0) + 1);
  }

  private lookup(url: string, etag: string | undefined) {
    this.calls.push({ url, etag });
    const files = this.trees.get(url);
    if (!files) throw new NotFoundError(`${url} not found`);
    const current = `v${this.versions.get(url)}`;
    if (etag === current) throw new NotModifiedError();
    return { files, etag: current };
  }

  async readUrl(url: string, options?: UrlReaderServiceReadUrlOptions) {
    const { files, etag } = this.lookup(url, options?.etag);
    const text = Object.values(files)[0];
    return { buffer: async () => Buffer.from(text), etag };
  }

  async readTree(url: string, options?: UrlReaderServiceReadTreeOptions) {
    const { files, etag } = this.lookup(url, options?.etag);
    return {
      etag,
      files: async () =>
        Object.entries(files)
          // Like some real readers: the filter is not applied here, the caller must check.
          .map(([path, text]) => ({
            path,
            content: async () => Buffer.from(text),
          })),
      archive: async () => {
        throw new Error('not used');
      },
      dir: async () => {
        throw new Error('not used');
      },
    };
  }

  async search(): Promise<never> {
    throw new Error('not used');
  }
}
