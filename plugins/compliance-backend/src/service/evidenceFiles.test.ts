import { createHash } from 'node:crypto';
import { describeUpload, sanitiseFileName } from './evidenceFiles';

describe('sanitiseFileName', () => {
  it('keeps a label: no path, quotes, control characters or leading dots', () => {
    expect(sanitiseFileName('C:\\reports\\..\\pen-test (2026).pdf')).toBe(
      'pen-test (2026).pdf',
    );
    expect(sanitiseFileName('a"b\r\nContent-Type: text.txt')).toBe(
      'a_b_Content-Type_ text.txt',
    );
    expect(sanitiseFileName('../.htaccess')).toBe('htaccess');
    expect(sanitiseFileName('...')).toBe('evidence');
    expect(sanitiseFileName('')).toBe('evidence');
  });

  it('shortens a long name to 200 characters, keeping its ending', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.pdf`);
    expect(name.length).toBe(200);
    expect(name.endsWith('x.pdf')).toBe(true);
  });
});

describe('describeUpload', () => {
  const upload = (declaredType: string, content: string | Buffer) => () =>
    describeUpload(
      { originalName: 'f', declaredType, content: Buffer.from(content) },
      1024,
    );

  it('computes the SHA-256 of the bytes and keeps the allowlisted type', () => {
    const content = Buffer.from('{"pentest": "passed"}');
    expect(
      describeUpload(
        {
          originalName: 'result.json',
          declaredType: 'application/json; charset=utf-8',
          content,
        },
        1024,
      ),
    ).toEqual({
      name: 'result.json',
      contentType: 'application/json',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  });

  it('refuses empty and oversized files, and content that is not its type', () => {
    expect(upload('text/plain', '')).toThrow('evidence file: is empty');
    expect(upload('text/plain', 'x'.repeat(1025))).toThrow(
      expect.objectContaining({ statusCode: 413 }),
    );
    for (const [type, content] of [
      ['application/pdf', '<html>'],
      ['image/jpeg', 'GIF89a'],
      ['application/zip', 'MZ'],
      ['application/json', '{"unclosed": '],
      ['text/plain', Buffer.from([0x66, 0x00, 0x67])],
      ['text/csv', Buffer.from([0xff, 0xfe, 0x41])],
      ['text/html', '<p>'],
      ['', 'x'],
    ] as const) {
      expect(upload(type, content)).toThrow(
        expect.objectContaining({ statusCode: 415 }),
      );
    }
  });
});
