// Every route but /healthz and the login page requires the bearer token. Scripts send
// `Authorization: Bearer <token>`; browsers sign in once on /login and get an HttpOnly,
// SameSite=Strict cookie that holds an HMAC of the token, never the token itself.

import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { Secret } from '../../shared/secret';
import { HttpError, sendError } from './http-errors';
import { renderPage } from './html';

export const SESSION_COOKIE = 'spotlake_session';

function sessionValue(token: Secret): string {
  return createHmac('sha256', token.reveal()).update('spotlake-session-v1').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(rest.join('='));
    }
  }
  return null;
}

function isAuthorized(req: Request, token: Secret): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ') === true) {
    return safeEqual(header.slice(7).trim(), token.reveal());
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  return cookie !== null && safeEqual(cookie, sessionValue(token));
}

/** Only same-site paths: an open redirect would hand the session to another site. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function requireAuth(token: Secret): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isAuthorized(req, token)) {
      next();
      return;
    }
    if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="spotlake"');
    sendError(
      res,
      new HttpError(
        401,
        'unauthorized',
        'send Authorization: Bearer <token>; see `spotlake up` output for where the token is',
      ),
    );
  };
}

function loginForm(next: string, failed: boolean): string {
  const message = failed ? '<p class="error">That token is not right.</p>' : '';
  return renderPage(
    'Sign in',
    `${message}<form method="post" action="/login">
      <input type="hidden" name="next" value="${escapeAttr(next)}">
      <label>API token <input type="password" name="token" autocomplete="current-password" autofocus></label>
      <button type="submit">Sign in</button>
    </form>
    <p class="hint">The token is in the file <code>spotlake up</code> printed, or in API_TOKEN.</p>`,
  );
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function loginRouter(token: Secret, isSecure: boolean): Router {
  const router = express.Router();
  router.get('/login', (req, res) => {
    res.type('html').send(loginForm(safeNext(req.query.next), false));
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const given = typeof body?.token === 'string' ? body.token.trim() : '';
    const next = safeNext(body?.next);
    if (!safeEqual(given, token.reveal())) {
      res.status(401).type('html').send(loginForm(next, true));
      return;
    }
    res.cookie(SESSION_COOKIE, sessionValue(token), {
      httpOnly: true,
      sameSite: 'strict',
      secure: isSecure,
      path: '/',
      maxAge: 7 * 24 * 3600 * 1000,
    });
    res.redirect(303, next);
  });
  router.post('/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  return router;
}
