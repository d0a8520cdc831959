import { buildJobId, buildRunId, extractJobSchema, pgLoadJobSchema, WHOLE_TABLE } from './index';
import { buildRunFlow } from '../queue/run-flow';

const run = { runId: 'mysql-2024-05-01', pipeline: 'mysql', partitionDate: '2024-05-01' } as const;

describe('job ids', () => {
  it('are built from run, table and stage, with the part only for split tables', () => {
    expect(buildJobId('mysql-2024-05-01', 'extract', 'spotify_artists', WHOLE_TABLE)).toBe(
      'mysql-2024-05-01.spotify_artists.extract',
    );
    expect(
      buildJobId('mysql-2024-05-01', 's3-load', 'spotify_tracks', {
        index: 3,
        count: 8,
        from: 'a',
        to: 'b',
      }),
    ).toBe('mysql-2024-05-01.spotify_tracks.s3-load.p00003');
    expect(buildJobId('mysql-2024-05-01', 'transform')).toBe('mysql-2024-05-01.transform');
  });

  it('never contain a colon, which BullMQ refuses', () => {
    const flow = buildRunFlow(run, [{ table: 'spotify_tracks', parts: [WHOLE_TABLE] }], {
      attempts: 3,
      fullRefresh: false,
    });
    const ids: string[] = [];
    const walk = (node: { opts?: { jobId?: string }; children?: unknown[] }): void => {
      ids.push(node.opts?.jobId ?? '');
      for (const child of node.children ?? []) {
        walk(child as typeof node);
      }
    };
    walk(flow);
    expect(ids).toHaveLength(6);
    expect(ids.filter((id) => id.includes(':'))).toEqual([]);
  });

  it('refuses a run id that is not <pipeline>-<date>[-suffix]', () => {
    expect(buildRunId('mysql', '2024-05-01', 'r2')).toBe('mysql-2024-05-01-r2');
    expect(() => buildRunId('mysql', '2024-05-01', 'has:colon')).toThrow(/run id/);
  });
});

describe('payload schemas', () => {
  it('name the missing and malformed fields', () => {
    const parsed = extractJobSchema.safeParse({
      ...run,
      partitionDate: '2024-13-45',
      table: 'Bad-Name',
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['partitionDate', 'table', 'part']);
  });

  it('tell the two kinds of pg-load job apart', () => {
    const part = pgLoadJobSchema.parse({
      ...run,
      kind: 'part',
      table: 'spotify_artists',
      part: WHOLE_TABLE,
    });
    const commit = pgLoadJobSchema.parse({
      ...run,
      kind: 'commit',
      table: 'spotify_artists',
      parts: 1,
    });
    expect([part.kind, commit.kind]).toEqual(['part', 'commit']);
    expect(
      pgLoadJobSchema.safeParse({ ...run, kind: 'merge', table: 'spotify_artists' }).success,
    ).toBe(false);
  });

  it('default fullRefresh to false so older payloads stay valid', () => {
    const parsed = extractJobSchema.parse({ ...run, table: 'spotify_artists', part: WHOLE_TABLE });
    expect(parsed.fullRefresh).toBe(false);
  });
});
