// Importing listening-history exports end to end over HTTP: each format loads into
// listening_history with every field, importing a file again adds nothing, and a malformed export
// is rejected with its name and position before anything is stored or loaded.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { listKeys } from '../shared/lake/objects';
import { loadQuery } from '../shared/sql/load-sql';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';

const TOKEN = 'history-import-test-token';
const FIXTURES = join(__dirname, '..', 'shared', 'history', 'test', 'fixtures');

describe('importing listening-history exports', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    env = await createTestEnv({
      API_TOKEN: TOKEN,
      API_PORT: '0',
      IMPORT_MAX_FILE_BYTES: '1000000',
    });
    pipeline = await startPipeline(env, TOKEN);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  async function upload(files: { name: string; bytes: Buffer }[]) {
    const form = new FormData();
    for (const file of files) {
      form.append('files', new Blob([new Uint8Array(file.bytes)]), file.name);
    }
    const response = await fetch(`${pipeline.apiUrl}/imports/history`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const fixture = (name: string) => ({ name, bytes: readFileSync(join(FIXTURES, name)) });

  async function importAndWait(name: string): Promise<void> {
    const response = await upload([fixture(name)]);
    expect(response.status).toBe(202);
    await pipeline.waitForRun(response.body.runId as string);
  }

  async function count(where = 'true', values: unknown[] = []): Promise<number> {
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM spotify.listening_history WHERE ${where}`,
      values,
    );
    return rows[0]?.n ?? -1;
  }

  async function pollRun(
    runId: string,
    isDone: (body: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const run = await pipeline.request('GET', `/runs/${runId}`);
      const body = run.body as Record<string, unknown>;
      if (isDone(body) || Date.now() > deadline) {
        return body;
      }
      await delay(100);
    }
  }

  async function bronzeObjects(): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of listKeys(env.clients.store, 'bronze/history_import/')) {
      keys.push(key);
    }
    return keys;
  }

  it.each([
    ['Streaming_History_Audio_2020-2021_0.json', 'extended', 4],
    ['endsong_0.json', 'endsong', 2],
    ['StreamingHistory0.json', 'account_data', 3],
    ['StreamingHistory_podcast_0.json', 'account_data', 1],
  ])('loads %s (%s) once, however often it is imported', async (name, format, plays) => {
    await importAndWait(name);
    expect(await count('source_file = $1 AND source_format = $2', [name, format])).toBe(plays);
    const total = await count();
    await importAndWait(name);
    expect(await count('source_file = $1', [name])).toBe(plays);
    expect(await count()).toBe(total);
  });

  it('keeps every field of a play, and podcasts and audiobooks apart by content_type', async () => {
    const { rows } = await env.clients.warehouse.query(
      `SELECT ts, ms_played, content_type, track_name, artist_name, album_name, spotify_track_uri, track_id,
              episode_name, episode_show_name, spotify_episode_uri, audiobook_title, audiobook_chapter_title,
              reason_start, reason_end, shuffle, skipped, offline, offline_timestamp, incognito_mode,
              platform, conn_country, ip_addr, user_agent, username
       FROM spotify.listening_history WHERE source_file = 'Streaming_History_Audio_2020-2021_0.json'
       ORDER BY ts`,
    );
    expect(rows.map((row: { content_type: string }) => row.content_type)).toEqual([
      'track',
      'track',
      'episode',
      'audiobook',
    ]);
    expect(rows[1]).toEqual({
      ts: new Date('2020-04-11T00:31:02Z'),
      ms_played: '12034',
      content_type: 'track',
      track_name: 'Bohemian Rhapsody',
      artist_name: 'Queen',
      album_name: 'A Night at the Opera',
      spotify_track_uri: 'spotify:track:4u7EnebtmKWzUH433cf5Qv',
      track_id: '4u7EnebtmKWzUH433cf5Qv',
      episode_name: null,
      episode_show_name: null,
      spotify_episode_uri: null,
      audiobook_title: null,
      audiobook_chapter_title: null,
      reason_start: 'trackdone',
      reason_end: 'fwdbtn',
      shuffle: true,
      skipped: true,
      offline: false,
      offline_timestamp: null,
      incognito_mode: false,
      platform: 'iOS 13.4 (iPhone11,8)',
      conn_country: 'SG',
      ip_addr: '203.0.113.x',
      user_agent: null,
      username: null,
    });
    expect(rows[3]).toMatchObject({
      audiobook_title: 'Pan Tadeusz',
      audiobook_chapter_title: 'Księga pierwsza',
      offline_timestamp: '1586729740000',
      track_id: null,
    });
  });

  it('rejects a truncated export, naming the file and where it ends, storing and loading nothing', async () => {
    const [before, objects] = [await count(), await bronzeObjects()];
    const response = await upload([
      fixture('endsong_0.json'),
      fixture('Streaming_History_Audio_truncated.json'),
    ]);
    expect(response).toEqual({
      status: 422,
      body: {
        error: {
          status: 422,
          code: 'unprocessable',
          message:
            'Streaming_History_Audio_truncated.json: the file ends before its array is closed (truncated?) at line 30, column 5 (byte 928, element 2)',
        },
      },
    });
    expect(await bronzeObjects()).toEqual(objects);
    expect(await count()).toBe(before);
  });

  it('rejects a play with a field of the wrong type, naming the field and the play', async () => {
    const response = await upload([fixture('Streaming_History_Audio_wrong_types.json')]);
    expect(response.status).toBe(422);
    expect((response.body.error as { message: string }).message).toBe(
      'Streaming_History_Audio_wrong_types.json: ms_played: Invalid input: expected number, received string at line 27, column 3 (byte 847, element 2)',
    );
  });

  it('refuses a file over the size limit with 413', async () => {
    const response = await upload([{ name: 'big.json', bytes: Buffer.alloc(1_200_000, 0x20) }]);
    expect(response.status).toBe(413);
  });

  it('fails the run before its commit when a stored file no longer reads as an export', async () => {
    const before = await count();
    const runId = 'history_import-2024-05-02-broken';
    const key = `bronze/history_import/listening_history/updated_at=2024-05-02/run=${runId}/part-00000-00000.json`;
    await env.clients.s3.send(
      new PutObjectCommand({
        Bucket: env.config.s3.bucket,
        Key: key,
        Body: readFileSync(join(FIXTURES, 'Streaming_History_Audio_truncated.json')),
        Metadata: { 'source-file': 'Streaming_History_Audio_2022_1.json' },
      }),
    );
    await env.clients.warehouse.query(loadQuery('insert_import_file'), [
      runId,
      0,
      'Streaming_History_Audio_2022_1.json',
      key,
      'extended',
      3,
      928,
      'x',
    ]);
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'history_import',
      date: '2024-05-02',
      rerun: 'broken',
    });
    expect(created.status).toBe(201);
    // A failed child does not fail the flow's root, so watch the ledger until the run fails.
    const run = await pollRun(runId, (body) => body.status === 'failed');
    expect(run).toMatchObject({
      status: 'failed',
      error:
        'listening_history s3-load: Streaming_History_Audio_2022_1.json: the file ends before its array is closed (truncated?) at line 30, column 5 (byte 928, element 2)',
    });
    expect(await count()).toBe(before);
  });
});
