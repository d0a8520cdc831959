// `spotlake auth`'s flow against the fake accounts service over real HTTP: the browser's round trip
// ends with a working refresh token in a 0600 file; a denial, a localhost redirect and a foreign
// state are refused with a message that says what to do.

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSpotify } from '../../fake-spotify/server';
import type { FakeSpotify } from '../../fake-spotify/server';
import { Secret } from '../secret';
import { createAccountsClient } from './accounts';
import { authorize } from './authorize';
import type { AuthorizeOptions } from './authorize';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** What the browser does: open the authorize URL, follow Spotify's redirect to the callback. */
async function browse(url: string): Promise<number> {
  const consent = await fetch(url, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (location === null) {
    return consent.status;
  }
  return (await fetch(location)).status;
}

describe('spotlake auth', () => {
  let fake: FakeSpotify;
  let redirectUri: string;
  let options: AuthorizeOptions;

  beforeAll(async () => {
    redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    fake = await startFakeSpotify({ redirectUris: [redirectUri] });
  });

  afterAll(async () => {
    await fake?.close();
  });

  beforeEach(() => {
    fake.switches.deniesConsent = false;
    options = {
      accountsUrl: fake.url,
      clientId: fake.clientId,
      clientSecret: new Secret(fake.clientSecret),
      timeoutMs: 2_000,
      redirectUri,
      tokenFile: join(mkdtempSync(join(tmpdir(), 'spotlake-auth-')), 'spotify-token.json'),
      waitMs: 10_000,
    };
  });

  it('keeps a refresh token that works in a 0600 file, and shows the user only the URL', async () => {
    const shown: string[] = [];
    let callback: Promise<number> = Promise.resolve(0);
    const result = await authorize(options, (url) => {
      shown.push(url);
      callback = browse(url);
    });
    expect(await callback).toBe(200);
    expect(result.scope).toBe('user-read-recently-played');
    expect(statSync(options.tokenFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(options.tokenFile, 'utf8')) as { refresh_token: string };
    expect(shown.join('\n')).not.toContain(stored.refresh_token);
    const accounts = createAccountsClient(options);
    await expect(accounts.refresh(new Secret(stored.refresh_token))).resolves.toMatchObject({
      token_type: 'Bearer',
    });
    expect(new URL(shown[0] ?? '').searchParams.get('scope')).toBe('user-read-recently-played');
  });

  it('says access was not granted when the user cancels', async () => {
    fake.switches.deniesConsent = true;
    await expect(authorize(options, (url) => void browse(url))).rejects.toThrow(
      'Spotify did not grant access (access_denied); run `spotlake auth` again to retry',
    );
  });

  it('refuses a localhost redirect, as Spotify does since 2025', async () => {
    await expect(
      authorize({ ...options, redirectUri: 'http://localhost:8888/callback' }, () => undefined),
    ).rejects.toThrow(/refuses "localhost".*http:\/\/127\.0\.0\.1:8888\/callback/);
  });

  it('ignores a callback that does not carry its state', async () => {
    const flow = authorize(options, async () => {
      await fetch(`${redirectUri}?code=stolen&state=forged`);
    });
    await expect(flow).rejects.toThrow(/different state/);
  });
});
