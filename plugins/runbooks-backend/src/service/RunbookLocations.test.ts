import { mockServices } from '@backstage/backend-test-utils';
import { FakeUrlReader } from '../__testUtils__/FakeUrlReader';
import { UrlRunbookLocations } from './RunbookLocations';

const tree = 'https://github.com/sparki-org/ops/tree/main/runbooks';
const file =
  'https://github.com/sparki-org/payments/blob/main/docs/payments-failover.md';

function setup() {
  const reader = new FakeUrlReader();
  const locations = new UrlRunbookLocations({
    reader,
    locations: [
      { type: 'url', target: tree },
      { type: 'url', target: file },
    ],
    logger: mockServices.logger.mock(),
  });
  return { reader, locations };
}

describe('UrlRunbookLocations', () => {
  it('reports every location as not read yet before the first refresh', () => {
    const { locations } = setup();
    expect(locations.snapshot()).toEqual({
      files: [],
      problems: [
        expect.objectContaining({
          location: tree,
          field: 'location',
          reason: expect.stringMatching(/^not read yet/),
        }),
        expect.objectContaining({ location: file, field: 'location' }),
      ],
    });
  });

  it('reads the top-level <id>.md files of a tree and a single file', async () => {
    const { reader, locations } = setup();
    reader.set(tree, {
      'dns-failover.md': 'DNS',
      'README.md': 'not a runbook id',
      'drafts/half-done.md': 'in a sub-directory',
      'notes.txt': 'not markdown',
    });
    reader.set(file, { 'payments-failover.md': 'Payments' });
    await locations.refresh();
    expect(locations.snapshot()).toEqual({
      files: [
        { location: tree, file: 'dns-failover.md', text: 'DNS' },
        { location: file, file: 'payments-failover.md', text: 'Payments' },
      ],
      problems: [],
    });
  });

  it('sends the last ETag and keeps the files when nothing changed', async () => {
    const { reader, locations } = setup();
    reader.set(tree, { 'dns-failover.md': 'DNS' });
    reader.set(file, { 'payments-failover.md': 'Payments' });
    await locations.refresh();
    await locations.refresh();
    expect(reader.calls.filter(call => call.url === tree)).toEqual([
      { url: tree, etag: undefined },
      { url: tree, etag: 'v1' },
    ]);
    expect(locations.snapshot().files).toHaveLength(2);

    reader.set(tree, { 'dns-failover.md': 'DNS, edited' });
    await locations.refresh();
    expect(reader.calls.filter(call => call.url === tree)[2]).toEqual({
      url: tree,
      etag: 'v1',
    });
    expect(locations.snapshot().files[0]).toEqual({
      location: tree,
      file: 'dns-failover.md',
      text: 'DNS, edited',
    });
  });

  it('reports a location that fails and keeps its last good files', async () => {
    const { reader, locations } = setup();
    reader.set(tree, { 'dns-failover.md': 'DNS' });
    await locations.refresh();
    expect(locations.snapshot().problems).toEqual([
      {
        location: file,
        file,
        field: 'location',
        reason: `cannot be read: ${file} not found`,
      },
    ]);

    reader.set(tree, undefined);
    await locations.refresh();
    const { files, problems } = locations.snapshot();
    expect(files).toEqual([
      { location: tree, file: 'dns-failover.md', text: 'DNS' },
    ]);
    expect(problems[0]).toEqual({
      location: tree,
      file: tree,
      field: 'location',
      reason: `cannot be read: ${tree} not found (showing the last files read)`,
    });
  });
});
