// `spotlake auth`: connects spotlake to your Spotify account once (authorization-code flow on a
// loopback redirect). The refresh token goes to a 0600 file; it is never printed.

import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import { authorize } from '../../shared/spotify/authorize';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerAuth(program: Command): void {
  program
    .command('auth')
    .description('connect spotlake to your Spotify account (scope user-read-recently-played)')
    .option('--wait <seconds>', 'how long to wait for the browser to come back', '300')
    .action(async (options: { wait: string }) => {
      const config = loadConfig();
      const result = await authorize(
        {
          accountsUrl: config.spotify.accountsUrl,
          clientId: config.spotify.clientId,
          clientSecret: config.spotify.clientSecret,
          timeoutMs: config.spotify.timeoutMs,
          redirectUri: config.spotify.redirectUri,
          tokenFile: config.spotify.tokenFile,
          waitMs: Number(options.wait) * 1000,
        },
        (url) => {
          say('Open this URL in a browser and allow access:');
          say(`  ${url}`);
          say(`Waiting for Spotify to redirect to ${config.spotify.redirectUri} …`);
        },
      );
      say(`Connected (scope ${result.scope ?? 'user-read-recently-played'}).`);
      say(`The refresh token is in ${config.spotify.tokenFile} (mode 0600).`);
    });
}
