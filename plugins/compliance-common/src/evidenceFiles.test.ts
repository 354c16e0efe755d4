import {
  attestationEvidenceFilePath,
  evidenceContentTypeOf,
} from './evidenceFiles';

describe('evidenceContentTypeOf', () => {
  it('keeps an allowlisted declared type, without its parameters', () => {
    expect(evidenceContentTypeOf('application/pdf', 'report.bin')).toBe(
      'application/pdf',
    );
    expect(evidenceContentTypeOf('Text/Plain; charset=utf-8', 'x')).toBe(
      'text/plain',
    );
  });

  it('falls back to the name when the browser names no allowlisted type', () => {
    expect(evidenceContentTypeOf('', 'NOTES.MD')).toBe('text/markdown');
    expect(
      evidenceContentTypeOf('application/x-zip-compressed', 'logs.zip'),
    ).toBe('application/zip');
  });

  it('allows nothing else', () => {
    expect(evidenceContentTypeOf('text/html', 'report.html')).toBeUndefined();
    expect(evidenceContentTypeOf('image/svg+xml', 'x.svg')).toBeUndefined();
    expect(evidenceContentTypeOf('', 'run.exe')).toBeUndefined();
  });
});

it('encodes the attestation id in the download path', () => {
  expect(attestationEvidenceFilePath('a/b')).toBe(
    '/attestations/a%2Fb/evidence-file',
  );
});
