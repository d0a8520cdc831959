// `spotlake fake-spotify`: the fake Spotify accounts service and Web API, for the demo and for
// trying the pipeline without a Spotify app. Prints the variables that point spotlake at it.

import type { Command } from 'commander';
import { writeFakeExport } from '../../fake-spotify/export-file';
import { startFakeSpotify } from '../../fake-spotify/server';

interface FakeOptions {
  port: string;
  seed: string;
  window: string;
  developmentMode: boolean;
  redirectUri: string[];
  export?: string;
  exportPlays: string;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerFakeSpotify(program: Command): void {
  program
    .command('fake-spotify')
    .description('run a fake Spotify (accounts + Web API) on 127.0.0.1 for demos and tests')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8899')
    .option('--seed <text>', 'seed of the deterministic listening history', 'spotlake')
    .option('--window <n>', 'plays recently-played can see (50 on the real API)', '50')
    .option(
      '--development-mode',
      'answer 403 on deprecated endpoints, as for apps in development mode',
      false,
    )
    .option('--redirect-uri <uri...>', 'redirect URIs registered for the fake app', [
      'http://127.0.0.1:8888/callback',
    ])
    .option(
      '--export <file>',
      "write the fake user's history as an extended export file, then exit",
    )
    .option('--export-plays <n>', 'plays in the export file (about 10,000 a year)', '10000')
    .action(async (options: FakeOptions) => {
      if (options.export !== undefined) {
        const plays = Number(options.exportPlays);
        const startAt = Date.now() - plays * 200_000;
        const history = { seed: options.seed, startAt, poolSize: 150, window: 50 };
        const bytes = await writeFakeExport(options.export, history, plays);
        say(`wrote ${plays} plays (${(bytes / 1e6).toFixed(1)} MB) to ${options.export}`);
        return;
      }
      const fake = await startFakeSpotify({
        port: Number(options.port),
        seed: options.seed,
        window: Number(options.window),
        redirectUris: options.redirectUri,
        switches: { isDevelopmentMode: options.developmentMode },
      });
      const refreshToken = fake.issueRefreshToken();
      say(`fake Spotify listening on ${fake.url}`);
      say('Point spotlake at it with:');
      say(`  export SPOTIFY_ACCOUNTS_URL=${fake.url}`);
      say(`  export SPOTIFY_API_URL=${fake.apiUrl}`);
      say(`  export SPOTIFY_CLIENT_ID=${fake.clientId}`);
      say(`  export SPOTIFY_CLIENT_SECRET=${fake.clientSecret}`);
      say(`  export SPOTIFY_REFRESH_TOKEN=${refreshToken}   # or run \`spotlake auth\``);
      say(
        `Switches: curl -X POST ${fake.url}/_fake/switches -H 'content-type: application/json' \\`,
      );
      say(`  -d '{"rateLimit":{"count":3,"retryAfterSeconds":2},"isDevelopmentMode":true}'`);
      const stop = (): void => {
        fake.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
