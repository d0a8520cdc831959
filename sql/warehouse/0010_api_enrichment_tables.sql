-- Details fetched from the Web API for ids the user heard that the warehouse did not know yet
-- (tracks of the listening-history export, their artists and albums). popularity, genres and
-- followers are NULL for apps in development mode, which Spotify stopped sending them in 2026.
CREATE TABLE spotify.api_tracks (
  track_id text NOT NULL PRIMARY KEY,
  track_name text,
  track_uri text,
  artist_ids text[],
  artist_names text[],
  album_id text,
  album_name text,
  album_release_date text,
  duration_ms integer,
  popularity smallint,
  explicit boolean,
  disc_number smallint,
  track_number smallint,
  isrc text,
  danceability double precision,
  energy double precision,
  track_key smallint,
  loudness double precision,
  mode smallint,
  speechiness double precision,
  acousticness double precision,
  instrumentalness double precision,
  liveness double precision,
  valence double precision,
  tempo double precision,
  time_signature smallint,
  features_source text
);

CREATE TABLE spotify.api_artists (
  artist_id text NOT NULL PRIMARY KEY,
  name text,
  artist_uri text,
  genres text[],
  popularity smallint,
  followers bigint,
  image_url text
);

CREATE TABLE spotify.api_albums (
  album_id text NOT NULL PRIMARY KEY,
  album_name text,
  album_type text,
  artist_ids text[],
  artist_names text[],
  release_date text,
  release_date_precision text,
  total_tracks smallint,
  label text,
  popularity smallint,
  album_uri text,
  image_url text
);
