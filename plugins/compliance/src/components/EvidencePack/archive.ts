/*
 * Reading one file out of the downloaded evidence pack (a gzipped ustar archive) in the browser,
 * so the page can check the manifest it saved against the hash the backend announced.
 */

const BLOCK = 512;

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

/**
 * The bytes of `path` in an uncompressed tar archive (or the start of one); undefined when the
 * bytes given hold no such complete file.
 */
export function readTarFile(
  tar: Uint8Array,
  path: string,
): Uint8Array | undefined {
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    // Two zero blocks end the archive; one is enough to know nothing follows.
    if (header.every(byte => byte === 0)) return undefined;
    const prefix = text(header, 345, 155);
    const name = prefix
      ? `${prefix}/${text(header, 0, 100)}`
      : text(header, 0, 100);
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    if (Number.isNaN(size)) return undefined;
    const type = String.fromCharCode(header[156]);
    const start = offset + BLOCK;
    if ((type === '0' || type === '\0') && name === path) {
      return start + size <= tar.length
        ? tar.subarray(start, start + size)
        : undefined;
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)]
    .map(byte => byte.toString(16).padStart(2, '0'))
    .join('');
}

export type ManifestCheck =
  | { result: 'match' }
  | { result: 'mismatch'; actual: string }
  | { result: 'unchecked'; why: string };

/**
 * Whether the pack's `manifest.json` hashes to `expected` (the `Evidence-Manifest-Sha256` header).
 * Browsers without gzip streams or Web Crypto leave it unchecked and say so.
 */
export async function checkManifest(
  pack: Blob,
  expected: string,
): Promise<ManifestCheck> {
  if (
    typeof DecompressionStream === 'undefined' ||
    typeof crypto === 'undefined' ||
    !crypto.subtle
  ) {
    return {
      result: 'unchecked',
      why: 'this browser cannot unpack the archive',
    };
  }
  // manifest.json is the archive's first file: unpack only until it is complete.
  const reader = pack
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  let tar = new Uint8Array(0);
  let manifest: Uint8Array | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      const joined = new Uint8Array(tar.length + value.length);
      joined.set(tar);
      joined.set(value, tar.length);
      tar = joined;
      manifest = readTarFile(tar, 'manifest.json');
    }
    if (manifest) {
      await reader.cancel();
      break;
    }
    if (done) break;
  }
  if (!manifest) {
    return { result: 'unchecked', why: 'the archive holds no manifest.json' };
  }
  const actual = await sha256Hex(manifest);
  return actual === expected
    ? { result: 'match' }
    : { result: 'mismatch', actual };
}
