import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  EvidenceContentType,
  evidenceContentTypes,
  EvidenceFile,
  isEvidenceContentType,
} from '@sparki/compliance-common';
import { createHash } from 'node:crypto';

/** 413: the error handler answers an error's `statusCode`. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** 415: a content type outside the allowlist, or content that is not of its type. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  readonly statusCode = 415;
}

/** A file as uploaded: the name and type the client gave, and the bytes. */
export interface EvidenceUpload {
  originalName: string;
  declaredType: string;
  content: Buffer;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `evidence file: larger than ${formatBytes(
      maxBytes,
    )}, the most compliance.evidenceFiles.maxBytes allows`,
  );
}

const MAX_NAME = 200;

/**
 * The uploaded name as a label: its last path segment, without control characters, quotes,
 * slashes or anything but letters, digits, space and `._()-`; no leading dot; at most 200
 * characters, the ending kept. It is never used as a path (the file lives in the database).
 */
export function sanitiseFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  let clean = lastSegment
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  if (clean.length > MAX_NAME) {
    const dot = clean.lastIndexOf('.');
    const ending = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME - ending.length) + ending;
  }
  return clean || 'evidence';
}

const startsWith = (content: Buffer, ...bytes: number[]) =>
  bytes.every((byte, index) => content[index] === byte);

/** UTF-8 text without NUL bytes: what a text type's content must be. */
function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the content must look like for its declared type, so a file cannot be stored under a
 * type it is not (e.g. an HTML page called a PNG). Downloads are attachments with `nosniff`
 * anyway; this keeps the register honest.
 */
const contentChecks: Record<
  EvidenceContentType,
  { expected: string; matches(content: Buffer): boolean }
> = {
  'application/pdf': {
    expected: 'a PDF (starting with %PDF-)',
    matches: c => startsWith(c, 0x25, 0x50, 0x44, 0x46, 0x2d),
  },
  'image/png': {
    expected: 'a PNG image',
    matches: c => startsWith(c, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  'image/jpeg': {
    expected: 'a JPEG image',
    matches: c => startsWith(c, 0xff, 0xd8, 0xff),
  },
  'application/zip': {
    expected: 'a zip archive',
    // A local file header, or the end record of an empty archive.
    matches: c =>
      startsWith(c, 0x50, 0x4b, 0x03, 0x04) ||
      startsWith(c, 0x50, 0x4b, 0x05, 0x06),
  },
  'text/plain': { expected: 'UTF-8 text', matches: isText },
  'text/markdown': { expected: 'UTF-8 text', matches: isText },
  'text/csv': { expected: 'UTF-8 text', matches: isText },
  'application/json': {
    expected: 'a JSON document',
    matches: c => {
      if (!isText(c)) return false;
      try {
        JSON.parse(c.toString('utf8'));
        return true;
      } catch {
        return false;
      }
    },
  },
};

/**
 * Checks an upload and describes it: not empty, at most `maxBytes` (413), an allowlisted type
 * whose content matches (415); the SHA-256 is computed here, never taken from the client.
 */
export function describeUpload(
  upload: EvidenceUpload,
  maxBytes: number,
): EvidenceFile {
  const { content } = upload;
  if (content.length === 0) {
    throw new InputError('evidence file: is empty');
  }
  if (content.length > maxBytes) throw tooLarge(maxBytes);
  const contentType = upload.declaredType.split(';')[0].trim().toLowerCase();
  if (!isEvidenceContentType(contentType)) {
    throw new UnsupportedMediaTypeError(
      `evidence file: type ${
        contentType || '(none)'
      } is not accepted; allowed: ${evidenceContentTypes.join(', ')}`,
    );
  }
  const check = contentChecks[contentType];
  if (!check.matches(content)) {
    throw new UnsupportedMediaTypeError(
      `evidence file: declared ${contentType}, but the content is not ${check.expected}`,
    );
  }
  return {
    name: sanitiseFileName(upload.originalName),
    contentType,
    bytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}
