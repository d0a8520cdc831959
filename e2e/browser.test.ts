// A person with a browser: Debian's chromium driven by playwright-core signs in with the token on
// the login page, sees the five stage queues on Bull Board and a finished job's state, and the
// dashboard's latest runs. Nothing is served before sign-in.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';
import { seedArtists } from '../test/seed-artists';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';

const TOKEN = 'browser-test-token';
const RUN_ID = 'mysql-2024-09-01';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('Bull Board and the dashboard in a browser', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    await seedArtists(env);
    pipeline = await startPipeline(env, TOKEN);
    await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-09-01',
      tables: ['spotify_artists'],
    });
    await pipeline.waitForRun(RUN_ID);
    profile = mkdtempSync(join(tmpdir(), 'spotlake-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (profile !== undefined) {
      rmSync(profile, { recursive: true, force: true });
    }
    await pipeline?.stop();
    await env?.close();
  });

  it('sends a visitor without a session to the login page, and refuses a wrong token', async () => {
    await page.goto(`${pipeline.apiUrl}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=token]', 'not-the-token');
    await page.click('button[type=submit]');
    await expect(page.textContent('.error')).resolves.toContain('That token is not right.');
  });

  it('signs in with the token and shows the five stage queues on Bull Board', async () => {
    await page.goto(`${pipeline.apiUrl}/admin/queues`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${pipeline.apiUrl}/admin/queues`);
    const cookies = await browser.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'spotlake_session', httpOnly: true, sameSite: 'Strict' }),
    ]);
    for (const queue of ['extract', 's3-load', 'pg-load', 'validate', 'transform']) {
      await page.getByRole('link', { name: queue, exact: true }).first().waitFor();
    }
  });

  it("shows a finished job's state on its Bull Board page", async () => {
    const jobId = `${RUN_ID}.spotify_artists.extract`;
    await page.goto(`${pipeline.apiUrl}/admin/queues/queue/extract/${encodeURIComponent(jobId)}`);
    await page.getByText(jobId).first().waitFor();
    // The job's card: when it finished, its state in the run's flow, and what it returned.
    await page.getByText('Finished at').first().waitFor();
    await page.getByText('completed', { exact: true }).first().waitFor();
    expect(await page.innerText('body')).toContain('extracted:309');
  });

  it('shows the run as succeeded on the dashboard', async () => {
    await page.goto(`${pipeline.apiUrl}/`);
    const row = page.locator('tr', { hasText: RUN_ID });
    await expect(row.textContent()).resolves.toContain('succeeded');
    // The warehouse's tables with their rows: the loaded table and the model built from it.
    for (const table of ['spotify_artists', 'cleaned_artists']) {
      const cells = page.locator('tr', {
        has: page.getByRole('cell', { name: table, exact: true }),
      });
      await expect(cells.locator('td').last().textContent()).resolves.toBe('309');
    }
  });
});
