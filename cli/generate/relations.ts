// How generated rows refer to each other, as pure index arithmetic so nothing is held in memory.
// Tracks are grouped into albums in order, albums into their primary artist in order, and artists
// into "credit groups": a lead artist and the guests found through the same track, which is why
// `track_id` repeats in the real artists file.

import { hash32 } from './random';

/** Rows per table at the real dataset's ratios: 101,939 tracks, 75,511 albums, 56,129 artists. */
export interface Scale {
  readonly tracks: number;
  readonly albums: number;
  readonly artists: number;
}

const REAL = { tracks: 101_939, albums: 75_511, artists: 56_129 };
/** Share of artists that lead a credit group; the rest are guests (about 40% of rows share). */
const LEAD_SHARE = 0.62;
/** A guest belongs to the lead at most this many places before it. */
const MAX_GROUP = 8;

export function scaleFor(tracks: number): Scale {
  if (!Number.isInteger(tracks) || tracks < 1) {
    throw new RangeError(`tracks must be a positive integer, got ${tracks}`);
  }
  return {
    tracks,
    albums: Math.max(1, Math.round((tracks * REAL.albums) / REAL.tracks)),
    artists: Math.max(1, Math.round((tracks * REAL.artists) / REAL.tracks)),
  };
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);

export function albumOfTrack(scale: Scale, track: number): number {
  return floorDiv(track * scale.albums, scale.tracks);
}

/** The album's tracks are [first, end). */
export function tracksOfAlbum(scale: Scale, album: number): { first: number; end: number } {
  return {
    first: ceilDiv(album * scale.tracks, scale.albums),
    end: Math.min(scale.tracks, ceilDiv((album + 1) * scale.tracks, scale.albums)),
  };
}

export function artistOfAlbum(scale: Scale, album: number): number {
  return floorDiv(album * scale.artists, scale.albums);
}

export function firstAlbumOfArtist(scale: Scale, artist: number): number {
  return ceilDiv(artist * scale.albums, scale.artists);
}

export function isLead(seed: number, artist: number): boolean {
  return artist % MAX_GROUP === 0 || hash32(seed, 0x1ead, artist) / 4294967296 < LEAD_SHARE;
}

export function leadOf(seed: number, artist: number): number {
  let lead = artist;
  while (!isLead(seed, lead)) {
    lead -= 1;
  }
  return lead;
}

/** The guests credited with a lead on its representative track. */
export function guestsOf(seed: number, scale: Scale, lead: number): number[] {
  const guests: number[] = [];
  for (let next = lead + 1; next < scale.artists && !isLead(seed, next); next += 1) {
    guests.push(next);
  }
  return guests;
}

/** The track through which an artist's credit group was found: the first of its first album. */
export function representativeTrack(scale: Scale, artist: number): number {
  return tracksOfAlbum(scale, firstAlbumOfArtist(scale, artist)).first;
}

/** The artist whose group's representative track this is, if it is one; else null. */
export function leadRepresentedBy(seed: number, scale: Scale, track: number): number | null {
  const album = albumOfTrack(scale, track);
  const artist = artistOfAlbum(scale, album);
  const isFirstTrack = tracksOfAlbum(scale, album).first === track;
  const isFirstAlbum = firstAlbumOfArtist(scale, artist) === album;
  return isFirstTrack && isFirstAlbum && isLead(seed, artist) ? artist : null;
}

/** `track_name_prev`: the track's position in the playlist it was collected from (1 to 140). */
export function playlistPosition(seed: number, track: number): number {
  const unit = hash32(seed, 0x7a9e, track) / 4294967296;
  return 1 + Math.floor(Math.pow(unit, 1.6) * 140);
}

const PLAYLIST_TRACKS = 60;

export function playlistOfTrack(track: number): number {
  return Math.floor(track / PLAYLIST_TRACKS);
}
