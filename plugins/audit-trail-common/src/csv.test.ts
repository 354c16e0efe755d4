import { csvCell, csvRow } from './csv';

describe('CSV cells', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(false)).toBe('"false"');
  });

  it('makes every segment a spreadsheet would run as a formula text', () => {
    for (const [input, output] of [
      ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
      ['+1', `"'+1"`],
      ['-2+3', `"'-2+3"`],
      ['@SUM(A1)', `"'@SUM(A1)"`],
      ['\t=1', `"'\t'=1"`],
      ['\r=1', `"'\r'=1"`],
      ['curl/8;=cmd|" /C calc"!A0', `"curl/8;'=cmd|"" /C calc""!A0"`],
      ['a,+b;-c\n@d', `"a,'+b;'-c\n'@d"`],
      ['aws-sdk-go/1.0 (linux) =ok', '"aws-sdk-go/1.0 (linux) =ok"'],
    ]) {
      expect(csvCell(input)).toBe(output);
    }
  });

  it('writes a row of quoted cells', () => {
    expect(csvRow(['a', 1, null, '=x'])).toBe(`"a","1","","'=x"\n`);
  });
});
