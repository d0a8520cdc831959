{{ config(materialized='table', indexes=['track_id']) }}
-- One row per track of the catalog, the most recently updated version, with its audio features and
-- artists (the first is the primary artist). Lyrics and market lists stay in spotify.spotify_tracks.
SELECT DISTINCT ON (track_id)
  track_id,
  nullif(btrim(name), '') AS track_name,
  album_id,
  coalesce(artists_id, '{}') AS artist_ids,
  artists_id[1] AS primary_artist_id,
  duration_ms,
  popularity,
  danceability,
  energy,
  track_key,
  loudness,
  mode,
  speechiness,
  acousticness,
  instrumentalness,
  liveness,
  valence,
  tempo,
  time_signature,
  updated_at
FROM {{ source('spotify', 'spotify_tracks') }}
WHERE track_id IS NOT NULL
ORDER BY track_id, updated_at DESC
