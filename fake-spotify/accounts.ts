// The accounts service: the authorize page (consents at once) and the token endpoint with the
// authorization_code, refresh_token and client_credentials grants, as accounts.spotify.com has them.

import express from 'express';
import type { Request, Response, Router } from 'express';
import { issueAccessToken, newToken } from './state';
import type { FakeState } from './state';

function isAllowedRedirect(uri: string): boolean {
  // Since 2025 Spotify takes https, or plain http only on a loopback IP literal; never localhost.
  try {
    const url = new URL(uri);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]'))
    );
  } catch {
    return false;
  }
}

function authorize(state: FakeState, req: Request, res: Response): void {
  const query = req.query as Record<string, string | undefined>;
  const redirectUri = query.redirect_uri ?? '';
  if (query.client_id !== state.clientId) {
    res.status(400).type('text').send('INVALID_CLIENT: Invalid client');
    return;
  }
  if (!isAllowedRedirect(redirectUri)) {
    res.status(400).type('text').send('INVALID_CLIENT: Insecure redirect URI');
    return;
  }
  if (!state.redirectUris.includes(redirectUri)) {
    res.status(400).type('text').send('INVALID_CLIENT: Invalid redirect URI');
    return;
  }
  const target = new URL(redirectUri);
  if (query.state !== undefined) {
    target.searchParams.set('state', query.state);
  }
  if (query.response_type !== 'code' || state.switches.deniesConsent) {
    target.searchParams.set(
      'error',
      query.response_type === 'code' ? 'access_denied' : 'unsupported_response_type',
    );
  } else {
    const code = newToken('AQ');
    state.codes.set(code, { redirectUri, scope: query.scope ?? '' });
    target.searchParams.set('code', code);
  }
  res.redirect(302, target.toString());
}

function clientOf(req: Request): { id: string; secret: string } | null {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const [id = '', secret = ''] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    return { id, secret };
  }
  const body = req.body as Record<string, string | undefined>;
  return body.client_id === undefined
    ? null
    : { id: body.client_id, secret: body.client_secret ?? '' };
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function token(state: FakeState, req: Request, res: Response): void {
  const client = clientOf(req);
  if (client === null || client.id !== state.clientId || client.secret !== state.clientSecret) {
    oauthError(res, 400, 'invalid_client', 'Invalid client');
    return;
  }
  const body = req.body as Record<string, string | undefined>;
  const access = (): { access_token: string; token_type: string; expires_in: number } => {
    const issued = issueAccessToken(state);
    return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn };
  };
  if (body.grant_type === 'authorization_code') {
    const code = state.codes.get(body.code ?? '');
    if (code === undefined || code.redirectUri !== body.redirect_uri) {
      oauthError(res, 400, 'invalid_grant', 'Invalid authorization code');
      return;
    }
    state.codes.delete(body.code ?? '');
    const refresh = newToken('AQD');
    state.refreshTokens.add(refresh);
    res.json({ ...access(), refresh_token: refresh, scope: code.scope });
    return;
  }
  if (body.grant_type === 'refresh_token') {
    const old = body.refresh_token ?? '';
    if (!state.refreshTokens.has(old)) {
      oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
      return;
    }
    if (!state.switches.rotatesRefreshTokens) {
      res.json({ ...access(), scope: 'user-read-recently-played' });
      return;
    }
    state.refreshTokens.delete(old);
    const refresh = newToken('AQD');
    state.refreshTokens.add(refresh);
    res.json({ ...access(), refresh_token: refresh, scope: 'user-read-recently-played' });
    return;
  }
  if (body.grant_type === 'client_credentials') {
    res.json(access());
    return;
  }
  oauthError(
    res,
    400,
    'unsupported_grant_type',
    `grant_type ${body.grant_type ?? ''} is not supported`,
  );
}

export function accountsRouter(state: FakeState): Router {
  const router = express.Router();
  router.get('/authorize', (req, res) => authorize(state, req, res));
  router.post('/api/token', express.urlencoded({ extended: false, limit: '8kb' }), (req, res) =>
    token(state, req, res),
  );
  return router;
}
