import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { detectFiles } from './detectFiles';

const samples = path.resolve(__dirname, '../../../../examples/cloudtrail');

async function run(paths: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const summary = await detectFiles(
    paths,
    line => out.push(line),
    line => err.push(line),
  );
  return { summary, detections: out.map(line => JSON.parse(line)), err };
}

describe('detectFiles', () => {
  it('detects over the sample archive', async () => {
    const { summary, detections } = await run([samples]);
    expect(summary).toEqual({
      files: 6,
      records: 27,
      malformed: 0,
      detections: 17,
      failedFiles: 0,
    });
    expect(new Set(detections.map(d => d.controlId))).toEqual(
      new Set([
        'CIS 4.1',
        'CIS 4.2',
        'CIS 4.3',
        'CIS 4.4',
        'CIS 4.5',
        'CIS 4.6',
        'CIS 4.7',
        'CIS 4.8',
        'CIS 4.9',
        'CIS 4.10',
        'CIS 4.13',
      ]),
    );
    expect(detections[0]).toEqual(
      expect.objectContaining({
        eventId: expect.any(String),
        ruleId: expect.any(String),
        controlId: expect.stringMatching(/^CIS 4\.\d+$/),
        severity: expect.stringMatching(/^(low|medium|high|critical)$/),
      }),
    );
  });

  it('reads JSON arrays and JSON lines, counts malformed records, reports unreadable files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-'));
    const root = {
      eventID: 'r1',
      eventTime: '2026-11-20T10:00:00Z',
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      recipientAccountId: '111111111111',
      userIdentity: { type: 'Root' },
      responseElements: { ConsoleLogin: 'Success' },
    };
    fs.writeFileSync(path.join(dir, 'array.json'), JSON.stringify([root]));
    fs.writeFileSync(
      path.join(dir, 'lines.jsonl.gz'),
      gzipSync(
        `${JSON.stringify({
          ...root,
          eventID: 'r2',
        })}\nnot json\n{"eventID":"r3"}\n`,
      ),
    );
    const { summary, detections, err } = await run([
      path.join(dir, 'array.json'),
      path.join(dir, 'lines.jsonl.gz'),
      path.join(dir, 'missing.json'),
    ]);
    expect(detections.map(d => [d.eventId, d.ruleId])).toEqual([
      ['r1', 'root-account-usage'],
      ['r2', 'root-account-usage'],
    ]);
    expect(summary).toEqual({
      files: 3,
      records: 3,
      malformed: 2,
      detections: 2,
      failedFiles: 1,
    });
    expect(err).toEqual([
      expect.stringMatching(/lines\.jsonl\.gz: line 2: /),
      expect.stringMatching(
        /lines\.jsonl\.gz: malformed record: record has no eventTime/,
      ),
      expect.stringMatching(/missing\.json: ENOENT/),
    ]);
  });
});
