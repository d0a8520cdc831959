// The accounts service: exchanges an authorization code or a refresh token for an access token
// (POST /api/token, form-encoded, HTTP Basic client auth). Secrets go only into the request.

import axios from 'axios';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Secret } from '../secret';
import { SpotifyAuthError, SpotifyUnavailableError } from './errors';

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Both shapes Spotify uses: OAuth's {error, error_description} and the Web API's {error:{message}}. */
const errorBodySchema = z.union([
  z.object({ error: z.string(), error_description: z.string().optional() }),
  z.object({ error: z.object({ status: z.number(), message: z.string() }) }),
]);

export interface AccountsOptions {
  accountsUrl: string;
  clientId: string;
  clientSecret: Secret;
  timeoutMs: number;
}

export interface AccountsClient {
  exchangeCode(code: string, redirectUri: string): Promise<TokenResponse>;
  refresh(refreshToken: Secret): Promise<TokenResponse>;
}

function describeError(data: unknown): { code: string; text: string } {
  const parsed = errorBodySchema.safeParse(data);
  if (!parsed.success) {
    return { code: 'unknown', text: 'no error description' };
  }
  const { error } = parsed.data;
  if (typeof error === 'string') {
    const description = 'error_description' in parsed.data ? parsed.data.error_description : '';
    return { code: error, text: description ?? '' };
  }
  return { code: String(error.status), text: error.message };
}

async function postToken(
  http: AxiosInstance,
  options: AccountsOptions,
  form: Record<string, string>,
): Promise<TokenResponse> {
  if (options.clientId === '' || options.clientSecret.isEmpty()) {
    throw new SpotifyAuthError(
      'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET must be set (from your app in the Spotify dashboard)',
    );
  }
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret.reveal()}`).toString(
    'base64',
  );
  let response;
  try {
    response = await http.post('/api/token', new URLSearchParams(form).toString(), {
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
  } catch (err) {
    throw new SpotifyUnavailableError('/api/token', (err as Error).message, { cause: err });
  }
  if (response.status >= 500) {
    throw new SpotifyUnavailableError('/api/token', `status ${response.status}`);
  }
  if (response.status !== 200) {
    const { code, text } = describeError(response.data);
    const hint =
      code === 'invalid_grant' && form.grant_type === 'refresh_token'
        ? 'the stored refresh token was refused (expired after six months, or access was revoked); run `spotlake auth` again'
        : code === 'invalid_client'
          ? 'check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET'
          : 'see the message';
    throw new SpotifyAuthError(
      `Spotify token endpoint answered ${response.status} ${code}: ${text}; ${hint}`,
    );
  }
  const parsed = tokenResponseSchema.safeParse(response.data);
  if (!parsed.success) {
    throw new SpotifyAuthError(
      `Spotify's token response is not as documented: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
    );
  }
  return parsed.data;
}

export function createAccountsClient(options: AccountsOptions): AccountsClient {
  const http = axios.create({
    baseURL: options.accountsUrl,
    timeout: options.timeoutMs,
    validateStatus: () => true,
  });
  return {
    exchangeCode: (code, redirectUri) =>
      postToken(http, options, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
      }),
    refresh: (refreshToken) =>
      postToken(http, options, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken.reveal(),
      }),
  };
}
