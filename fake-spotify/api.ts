// The Web API endpoints the pipeline calls: recently-played (cursor paged), audio features, tracks,
// artists and albums (batch and per id). Every response is shaped as the OpenAPI spec says; the
// switches in state.ts make it answer 429, 5xx, 403, 401 or malformed items like the real one.

import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { fakeAlbum, fakeArtist, fakeAudioFeatures, fakeTrack, SPOTIFY_ID } from './catalog';
import type { FakeOptions } from './catalog';
import { pageOfPlays } from './history';
import type { Play } from './history';
import type { FakeState } from './state';

type Json = Record<string, unknown>;

export function sendApiError(res: Response, status: number, message: string): void {
  res.status(status).json({ error: { status, message } });
}

function requireToken(state: FakeState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) {
      sendApiError(res, 401, 'No token provided');
      return;
    }
    const expiresAt = state.accessTokens.get(header.slice(7));
    if (expiresAt === undefined) {
      sendApiError(res, 401, 'Invalid access token');
    } else if (expiresAt <= state.now()) {
      sendApiError(res, 401, 'The access token expired');
    } else {
      next();
    }
  };
}

function applyFailureSwitches(state: FakeState) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const { switches } = state;
    if (switches.rateLimit.count > 0) {
      switches.rateLimit.count -= 1;
      res.setHeader('Retry-After', String(switches.rateLimit.retryAfterSeconds));
      sendApiError(res, 429, 'API rate limit exceeded');
      return;
    }
    if (switches.serverErrors.count > 0) {
      switches.serverErrors.count -= 1;
      sendApiError(res, switches.serverErrors.status, 'Service unavailable');
      return;
    }
    if (switches.delay.count > 0) {
      switches.delay.count -= 1;
      setTimeout(next, switches.delay.ms);
      return;
    }
    next();
  };
}

function options(state: FakeState, req: Request): FakeOptions {
  return {
    seed: state.history.seed,
    isDevelopmentMode: state.switches.isDevelopmentMode,
    apiUrl: `${req.protocol}://${req.get('host') ?? ''}/v1`,
  };
}

/** Malformed variants of an item: a wrong type, a missing field, an unparsable date. */
function corrupt(item: Json, index: number): Json {
  const variant = index % 3;
  if ('played_at' in item) {
    if (variant === 0) {
      return { ...item, played_at: 'yesterday evening' };
    }
    if (variant === 1) {
      return { ...item, track: { ...(item.track as Json), id: 42 } };
    }
    const rest = { ...item };
    delete rest.track;
    return rest;
  }
  if (variant === 1) {
    const rest = { ...item };
    delete rest.name;
    return rest;
  }
  return { ...item, id: 42 };
}

function withMalformed(state: FakeState, items: (Json | null)[]): (Json | null)[] {
  return items.map((item, index) =>
    item !== null && index < state.switches.malformedItems ? corrupt(item, index) : item,
  );
}

function playItem(state: FakeState, req: Request, play: Play): Json {
  const item: Json = {
    track: fakeTrack(options(state, req), play.trackId),
    played_at: new Date(play.playedAt).toISOString(),
  };
  // The spec's context is not nullable, so a play outside any context has none.
  if (play.context !== null) {
    const id = play.context.uri.split(':')[2] ?? '';
    item.context = {
      type: play.context.type,
      href: `${options(state, req).apiUrl}/playlists/${id}`,
      external_urls: { spotify: `https://open.spotify.com/playlist/${id}` },
      uri: play.context.uri,
    };
  }
  return item;
}

function integerParam(value: unknown): number | undefined | null {
  if (value === undefined) {
    return undefined;
  }
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

function recentlyPlayed(state: FakeState, req: Request, res: Response): void {
  const limit = integerParam(req.query.limit) ?? 20;
  const after = integerParam(req.query.after);
  const before = integerParam(req.query.before);
  if (limit === null || limit < 1 || limit > 50 || after === null || before === null) {
    sendApiError(res, 400, 'Invalid limit, after or before');
    return;
  }
  if (after !== undefined && before !== undefined) {
    sendApiError(res, 400, 'Only one of after and before can be given');
    return;
  }
  const { plays, hasMore } = pageOfPlays(state.history, state.now(), { limit, after, before });
  const base = `${options(state, req).apiUrl}/me/player/recently-played`;
  const newest = plays[0];
  const oldest = plays[plays.length - 1];
  const cursors =
    newest === undefined || oldest === undefined
      ? {}
      : { after: String(newest.playedAt), before: String(oldest.playedAt) };
  let next: string | null = null;
  if (hasMore && newest !== undefined && oldest !== undefined) {
    next =
      after !== undefined
        ? `${base}?after=${newest.playedAt}&limit=${limit}`
        : `${base}?before=${oldest.playedAt}&limit=${limit}`;
  }
  res.json({
    href: `${base}${req.url.slice(req.path.length)}`,
    limit,
    next,
    cursors,
    items: withMalformed(
      state,
      plays.map((play) => playItem(state, req, play)),
    ),
  });
}

interface BatchSpec {
  key: string;
  max: number;
  build: (options: FakeOptions, id: string) => Json;
}

const BATCHES: Record<string, BatchSpec> = {
  'audio-features': { key: 'audio_features', max: 100, build: fakeAudioFeatures },
  tracks: { key: 'tracks', max: 50, build: fakeTrack },
  artists: { key: 'artists', max: 50, build: fakeArtist },
  albums: { key: 'albums', max: 20, build: fakeAlbum },
};

/** Ids starting with 0000 stand for ids Spotify does not know: null in a batch, 404 alone. */
const isUnknown = (id: string): boolean => id.startsWith('0000');

function batch(state: FakeState, name: string, req: Request, res: Response): void {
  const spec = BATCHES[name] as BatchSpec;
  if (state.switches.isDevelopmentMode) {
    sendApiError(res, 403, 'Forbidden');
    return;
  }
  const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',') : [];
  if (ids.length === 0 || ids.some((id) => !SPOTIFY_ID.test(id))) {
    sendApiError(res, 400, 'invalid id');
    return;
  }
  if (ids.length > spec.max) {
    sendApiError(res, 400, 'Too many ids requested');
    return;
  }
  const items = ids.map((id) => (isUnknown(id) ? null : spec.build(options(state, req), id)));
  res.json({ [spec.key]: withMalformed(state, items) });
}

function single(state: FakeState, name: string, req: Request, res: Response): void {
  const spec = BATCHES[name] as BatchSpec;
  const id = String(req.params.id);
  if (state.switches.isDevelopmentMode && name === 'audio-features') {
    sendApiError(res, 403, 'Forbidden');
    return;
  }
  if (!SPOTIFY_ID.test(id)) {
    sendApiError(res, 400, 'invalid id');
    return;
  }
  if (isUnknown(id)) {
    sendApiError(res, 404, 'Resource not found');
    return;
  }
  const [item] = withMalformed(state, [spec.build(options(state, req), id)]);
  res.json(item);
}

export function apiRouter(state: FakeState): Router {
  const router = express.Router();
  router.use(requireToken(state));
  router.use(applyFailureSwitches(state));
  router.get('/me/player/recently-played', (req, res) => recentlyPlayed(state, req, res));
  for (const name of Object.keys(BATCHES)) {
    router.get(`/${name}`, (req, res) => batch(state, name, req, res));
    router.get(`/${name}/:id`, (req, res) => single(state, name, req, res));
  }
  router.use((_req, res) => sendApiError(res, 404, 'Service not found'));
  return router;
}
