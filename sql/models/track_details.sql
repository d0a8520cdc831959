{{ config(materialized='view') }}
-- One row per track id known from the catalog or from polling: name, primary artist, the genres of
-- that artist, and audio features (the polled play's first, as they came from the API or were
-- filled from the catalog, else the catalog's). What the stats join a play's track id against.
-- A view: it changes with every poll, and rebuilding and exporting the whole catalog's worth of
-- rows every half hour would cost far more than the two stats that read it.
WITH polled AS (
  SELECT DISTINCT ON (track_id) *
  FROM {{ ref('cleaned_my_tracks') }}
  ORDER BY track_id, played_at DESC
)
SELECT
  track_id,
  coalesce(p.track_name, c.track_name) AS track_name,
  coalesce(p.primary_artist_id, c.primary_artist_id) AS artist_id,
  coalesce(p.primary_artist_name, a.artist_name) AS artist_name,
  coalesce(a.genres, '{}') AS genres,
  coalesce(p.duration_ms, c.duration_ms) AS duration_ms,
  coalesce(p.danceability, c.danceability) AS danceability,
  coalesce(p.energy, c.energy) AS energy,
  coalesce(p.valence, c.valence) AS valence,
  coalesce(p.acousticness, c.acousticness) AS acousticness,
  coalesce(p.instrumentalness, c.instrumentalness) AS instrumentalness,
  coalesce(p.speechiness, c.speechiness) AS speechiness,
  coalesce(p.liveness, c.liveness) AS liveness,
  coalesce(p.tempo, c.tempo) AS tempo,
  coalesce(p.loudness, c.loudness) AS loudness,
  CASE WHEN p.track_id IS NULL THEN 'catalog' ELSE 'polled' END AS known_from
FROM polled AS p
FULL JOIN {{ ref('cleaned_tracks') }} AS c USING (track_id)
LEFT JOIN {{ ref('cleaned_artists') }} AS a
  ON a.artist_id = coalesce(p.primary_artist_id, c.primary_artist_id)
