/**
 * @jest-environment node
 */
// Node, not jsdom: the check needs gzip streams, Web Crypto and Blob streams, as browsers have.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { checkManifest, readTarFile } from './archive';

/** A ustar entry: header (name, octal size, type '0') and the content padded to 512 bytes. */
function entry(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('0', 156);
  header.write('ustar\0', 257);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content, 0, 'utf8');
  return Buffer.concat([header, body]);
}

const manifest = JSON.stringify({ files: [{ path: 'results.csv' }] });
const tar = Buffer.concat([
  entry('manifest.json', manifest),
  entry('results.csv', 'a,b\n'.repeat(300)),
  Buffer.alloc(1024),
]);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('readTarFile', () => {
  it('finds a file by path, after others too', () => {
    expect(
      Buffer.from(
        readTarFile(new Uint8Array(tar), 'manifest.json')!,
      ).toString(),
    ).toBe(manifest);
    expect(
      Buffer.from(readTarFile(new Uint8Array(tar), 'results.csv')!).toString(),
    ).toBe('a,b\n'.repeat(300));
    expect(readTarFile(new Uint8Array(tar), 'nope.json')).toBeUndefined();
  });

  it('answers nothing for a file cut short', () => {
    const cut = new Uint8Array(tar.subarray(0, 512 + 10));
    expect(readTarFile(cut, 'manifest.json')).toBeUndefined();
  });
});

describe('checkManifest', () => {
  const pack = new Blob([gzipSync(tar)]);

  it('matches the announced hash of manifest.json', async () => {
    await expect(checkManifest(pack, sha(manifest))).resolves.toEqual({
      result: 'match',
    });
  });

  it('reports a different hash', async () => {
    await expect(checkManifest(pack, 'f'.repeat(64))).resolves.toEqual({
      result: 'mismatch',
      actual: sha(manifest),
    });
  });

  it('says when the archive has no manifest', async () => {
    const other = new Blob([gzipSync(entry('x.csv', 'x'))]);
    await expect(checkManifest(other, sha(manifest))).resolves.toEqual({
      result: 'unchecked',
      why: 'the archive holds no manifest.json',
    });
  });
});
