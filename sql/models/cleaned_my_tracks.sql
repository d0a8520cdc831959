{{ config(materialized='table', indexes=['track_unique_id', 'played_at']) }}
-- One row per play polled from the Web API (track_unique_id = track id + played_at, as the
-- original pipeline keyed it). played_at keeps its time of day: the original cut it to the date.
SELECT DISTINCT ON (track_unique_id)
  track_unique_id,
  track_id,
  nullif(btrim(track_name), '') AS track_name,
  coalesce(artist_ids, '{}') AS artist_ids,
  coalesce(artist_names, '{}') AS artist_names,
  artist_ids[1] AS primary_artist_id,
  artist_names[1] AS primary_artist_name,
  album_id,
  album_name,
  album_release_date,
  played_at,
  duration_ms,
  popularity,
  explicit,
  context_type,
  context_uri,
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
  features_source
FROM {{ source('spotify', 'my_tracks') }}
WHERE track_unique_id IS NOT NULL
ORDER BY track_unique_id, played_at DESC
