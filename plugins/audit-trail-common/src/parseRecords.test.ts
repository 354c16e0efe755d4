import { parseCloudTrailText } from './parseRecords';

describe('parseCloudTrailText', () => {
  const a = { eventID: 'a' };
  const b = { eventID: 'b' };

  it('reads the S3 log format', () => {
    expect(parseCloudTrailText(JSON.stringify({ Records: [a, b] }))).toEqual({
      records: [a, b],
      malformed: 0,
      errors: [],
    });
  });

  it('reads a JSON array', () => {
    expect(parseCloudTrailText(JSON.stringify([a, b])).records).toEqual([a, b]);
  });

  it('reads JSON lines of records and of log documents', () => {
    const text = `${JSON.stringify(a)}\n\n${JSON.stringify({
      Records: [b],
    })}\n`;
    expect(parseCloudTrailText(text).records).toEqual([a, b]);
  });

  it('counts broken lines and keeps the rest', () => {
    const result = parseCloudTrailText(
      `${JSON.stringify(a)}\n{"eventID": \n42\n${JSON.stringify(b)}`,
    );
    expect(result.records).toEqual([a, b]);
    expect(result.malformed).toBe(2);
    expect(result.errors).toEqual([
      expect.stringMatching(/^line 2: /),
      'JSON value of type number holds no records',
    ]);
  });

  it('reads an empty file as no records', () => {
    expect(parseCloudTrailText('  \n')).toEqual({
      records: [],
      malformed: 0,
      errors: [],
    });
  });
});
