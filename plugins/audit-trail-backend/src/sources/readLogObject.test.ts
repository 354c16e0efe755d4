import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readLogObject, UnreadableLogObjectError } from './readLogObject';

const limits = {
  maxCompressedBytes: 64 * 1024,
  maxDecompressedBytes: 1024 * 1024,
};

function chunked(content: Buffer, size = 4096) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += size) {
    chunks.push(content.subarray(i, i + size));
  }
  return Readable.from(chunks);
}

describe('readLogObject', () => {
  it('reads plain and gzip objects', async () => {
    const document = Buffer.from(
      JSON.stringify({ Records: [{ eventID: 'a' }, { eventID: 'b' }] }),
    );
    expect((await readLogObject(chunked(document, 7), limits)).records).toEqual(
      [{ eventID: 'a' }, { eventID: 'b' }],
    );
    expect(
      (await readLogObject(chunked(gzipSync(document), 3), limits)).records,
    ).toHaveLength(2);
  });

  it('refuses a gzip bomb at the decompressed limit', async () => {
    // 64 MiB of JSON whitespace gzip to ~64 KiB: well within the stored limit.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(limits.maxCompressedBytes);
    await expect(readLogObject(chunked(bomb), limits)).rejects.toThrow(
      new UnreadableLogObjectError(
        'object decompresses to more than 1048576 bytes (maxDecompressedBytes)',
      ),
    );
  });

  it('stops downloading an object past the stored limit', async () => {
    let served = 0;
    const endless = new Readable({
      read() {
        served += 1;
        this.push(Buffer.alloc(16 * 1024, ' '));
      },
    });
    await expect(readLogObject(endless, limits)).rejects.toThrow(
      /larger than 65536 bytes \(maxCompressedBytes\)/,
    );
    expect(served).toBeLessThan(10);
    expect(endless.destroyed).toBe(true);
  });

  it('refuses plain objects past the decompressed limit and corrupt gzip', async () => {
    await expect(
      readLogObject(chunked(Buffer.alloc(2000, ' ')), {
        maxCompressedBytes: 4096,
        maxDecompressedBytes: 1000,
      }),
    ).rejects.toThrow(/larger than 1000 bytes \(maxDecompressedBytes\)/);
    await expect(
      readLogObject(chunked(Buffer.from([0x1f, 0x8b, 1, 2, 3])), limits),
    ).rejects.toThrow(UnreadableLogObjectError);
  });

  it('passes on errors of the source stream', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(readLogObject(failing, limits)).rejects.toThrow(
      'socket hang up',
    );
  });
});
