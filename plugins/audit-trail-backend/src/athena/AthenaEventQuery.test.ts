import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { encodeCursor } from '../database/KnexAuditEventStore';
import { AthenaEventQuery } from './AthenaEventQuery';

const athena = mockClient(AthenaClient);

const clock = {
  time: 0,
  now() {
    return this.time;
  },
  async sleep(ms: number) {
    this.time += ms;
  },
};

const header = {
  Data: Array.from({ length: 23 }, (_, i) => ({ VarCharValue: `c${i}` })),
};

function eventRow(id: string, time: string) {
  const values = [
    id,
    time,
    'ConsoleLogin',
    'signin.amazonaws.com',
    '333333333333',
    'eu-west-1',
    'Root',
    'arn:aws:iam::333333333333:root',
    '333333333333',
    undefined,
    undefined,
    undefined,
    undefined,
    '203.0.113.5',
    'Mozilla/5.0',
    undefined,
    undefined,
    'false',
    'AwsConsoleSignIn',
    '1.08',
    '{"MFAUsed":"No"}',
    '{"ConsoleLogin":"Success"}',
    '[{"arn":"arn:aws:iam::333333333333:root","accountid":"333333333333","type":null}]',
  ];
  return {
    Data: values.map(value =>
      value === undefined ? {} : { VarCharValue: value },
    ),
  };
}

function query() {
  return new AthenaEventQuery({
    client: new AthenaClient({ region: 'eu-west-1' }),
    database: 'security',
    table: 'cloudtrail_logs',
    workGroup: 'audit',
    clock,
  });
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

describe('AthenaEventQuery', () => {
  it('pushes the search down as a parameterized query and pages its results', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand, { NextToken: undefined })
      .resolves({
        ResultSet: { Rows: [header, eventRow('e3', '2026-11-20T07:21:45Z')] },
        NextToken: 'p2',
      })
      .on(GetQueryResultsCommand, { NextToken: 'p2' })
      .resolves({
        ResultSet: { Rows: [eventRow('e2', '2026-11-20T07:20:00Z')] },
      });

    const page = await query().searchEvents({
      limit: 1,
      accountId: '333333333333',
      actor: "o'brien",
      from: '2026-11-20T00:00:00.000Z',
      cursor: encodeCursor({ t: '2026-11-20T08:00:00.000Z', id: 'e9' }),
    });

    const input = athena.commandCalls(StartQueryExecutionCommand)[0].args[0]
      .input;
    expect(input.QueryString).toMatch(
      /FROM "security"\."cloudtrail_logs" WHERE eventtime >= \? AND/,
    );
    expect(input.QueryString).toMatch(
      /ORDER BY eventtime DESC, eventid DESC LIMIT 2$/,
    );
    expect(input.QueryString).not.toMatch(/333333333333|brien/);
    expect(input.ExecutionParameters).toEqual([
      "'2026-11-20T00:00:00Z'",
      "'o''brien'",
      "'o''brien'",
      "'o''brien'",
      "'333333333333'",
      "'2026-11-20T08:00:00Z'",
      "'2026-11-20T08:00:00Z'",
      "'e9'",
    ]);
    expect(input.WorkGroup).toBe('audit');
    expect(page.items).toEqual([
      expect.objectContaining({
        eventId: 'e3',
        eventTime: '2026-11-20T07:21:45.000Z',
        actorType: 'Root',
        actorName: 'root',
        readOnly: false,
        resources: [{ arn: 'arn:aws:iam::333333333333:root' }],
      }),
    ]);
    expect(page.items[0].raw).toMatchObject({
      additionalEventData: { MFAUsed: 'No' },
    });
    expect(page.nextCursor).toBeDefined();
  });

  it('counts per day', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [
          {
            Data: [
              { VarCharValue: 'bucket' },
              { VarCharValue: '_col1' },
              { VarCharValue: '_col2' },
            ],
          },
          {
            Data: [
              { VarCharValue: '2026-11-20' },
              { VarCharValue: '27' },
              { VarCharValue: '5' },
            ],
          },
        ],
      },
    });
    expect(await query().countEvents({}, 'day')).toEqual([
      { time: '2026-11-20T00:00:00.000Z', count: 27, errorCount: 5 },
    ]);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0].args[0]
      .input;
    expect(input.QueryString).toMatch(/substr\(eventtime, 1, 10\).*GROUP BY 1/);
    expect(input.ExecutionParameters).toBeUndefined();
  });

  it('scopes to an entity and matches nothing for an entity without identifiers', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [header] } });
    await query().searchEvents(
      {},
      { accountIds: [], arns: ['arn:aws:rds:eu-west-1:1:db:x'] },
    );
    await query().searchEvents({}, { accountIds: [], arns: [] });
    const [withArn, empty] = athena
      .commandCalls(StartQueryExecutionCommand)
      .map(c => c.args[0].input);
    expect(withArn.QueryString).toMatch(
      /any_match\(resources, r -> r\.arn = \?\)/,
    );
    expect(empty.QueryString).toMatch(/WHERE false/);
  });

  it('prunes day partitions of a partition-projected table', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [header] } });
    await new AthenaEventQuery({
      client: new AthenaClient({ region: 'eu-west-1' }),
      database: 'security',
      table: 'cloudtrail_logs',
      timestampPartition: true,
      clock,
    }).searchEvents({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T12:00:00.000Z',
    });
    const input = athena.commandCalls(StartQueryExecutionCommand)[0].args[0]
      .input;
    expect(input.QueryString).toMatch(
      /"timestamp" >= \? AND "timestamp" <= \?/,
    );
    expect(input.ExecutionParameters).toEqual([
      "'2026-11-20T00:00:00Z'",
      "'2026-11-20T12:00:00Z'",
      "'2026/11/20'",
      "'2026/11/21'",
    ]);
  });

  it('stops a query that runs past the timeout and answers 503', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const started = clock.now();
    await expect(
      new AthenaEventQuery({
        client: new AthenaClient({ region: 'eu-west-1' }),
        database: 'security',
        table: 'cloudtrail_logs',
        clock,
        timeoutMs: 30_000,
      }).searchEvents({}),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/q-1 did not finish in 30 s/),
    });
    expect(clock.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(
      athena.commandCalls(StopQueryExecutionCommand).map(c => c.args[0].input),
    ).toEqual([{ QueryExecutionId: 'q-1' }]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('stops the query when polling it fails, and keeps the polling error', async () => {
    athena.on(GetQueryExecutionCommand).rejects(new Error('socket hang up'));
    athena.on(StopQueryExecutionCommand).rejects(new Error('still down'));
    await expect(query().searchEvents({})).rejects.toThrow('socket hang up');
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('reports failed queries', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND' },
      },
    });
    await expect(query().searchEvents({})).rejects.toThrow(
      /q-1 FAILED: TABLE_NOT_FOUND/,
    );
  });
});
