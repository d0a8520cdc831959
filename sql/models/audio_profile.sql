{{ config(materialized='table') }}
-- The audio-feature profile of what you streamed per period (the average over streams whose track
-- has features, so a track streamed ten times weighs ten times) against the catalog's average track.
WITH heard AS (
  SELECT w.period, d.*
  FROM {{ ref('plays') }} AS p
  JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
  JOIN {{ ref('track_details') }} AS d ON d.track_id = p.track_id
  WHERE p.ms_played >= 30000
),
mine AS (
  SELECT h.period, f.feature, avg(f.value) AS mine, count(f.value) AS streams
  FROM heard AS h
  CROSS JOIN LATERAL (VALUES
    ('danceability', h.danceability), ('energy', h.energy), ('valence', h.valence),
    ('acousticness', h.acousticness), ('instrumentalness', h.instrumentalness),
    ('speechiness', h.speechiness), ('liveness', h.liveness), ('tempo', h.tempo),
    ('loudness', h.loudness)
  ) AS f(feature, value)
  GROUP BY h.period, f.feature
),
catalog AS (
  SELECT f.feature, avg(f.value) AS catalog
  FROM {{ ref('cleaned_tracks') }} AS t
  CROSS JOIN LATERAL (VALUES
    ('danceability', t.danceability), ('energy', t.energy), ('valence', t.valence),
    ('acousticness', t.acousticness), ('instrumentalness', t.instrumentalness),
    ('speechiness', t.speechiness), ('liveness', t.liveness), ('tempo', t.tempo),
    ('loudness', t.loudness)
  ) AS f(feature, value)
  GROUP BY f.feature
)
SELECT m.period, m.feature,
       round(m.mine::numeric, 3) AS mine,
       round(c.catalog::numeric, 3) AS catalog,
       round((m.mine - c.catalog)::numeric, 3) AS difference,
       m.streams
FROM mine AS m
LEFT JOIN catalog AS c USING (feature)
WHERE m.streams > 0
