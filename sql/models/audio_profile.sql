{{ config(materialized='table') }}
-- The audio-feature profile of what you streamed per period (the average over streams whose track
-- has features, so a track streamed ten times weighs ten times) against the catalog's average track.
WITH measured AS (
  SELECT t.period AS scope, t.streams AS weight, d.danceability, d.energy, d.valence,
         d.acousticness, d.instrumentalness, d.speechiness, d.liveness, d.tempo, d.loudness
  FROM {{ ref('period_tracks') }} AS t
  JOIN {{ ref('track_details') }} AS d ON d.track_id = t.track_id
  WHERE t.streams > 0
  UNION ALL
  SELECT 'catalog', 1, danceability, energy, valence, acousticness, instrumentalness, speechiness,
         liveness, tempo, loudness
  FROM {{ ref('cleaned_tracks') }}
),
averages AS (
  SELECT m.scope, f.feature,
         sum(m.weight * f.value) / sum(m.weight) FILTER (WHERE f.value IS NOT NULL) AS average,
         coalesce(sum(m.weight) FILTER (WHERE f.value IS NOT NULL), 0) AS streams
  FROM measured AS m
  CROSS JOIN LATERAL (VALUES
    ('danceability', m.danceability), ('energy', m.energy), ('valence', m.valence),
    ('acousticness', m.acousticness), ('instrumentalness', m.instrumentalness),
    ('speechiness', m.speechiness), ('liveness', m.liveness), ('tempo', m.tempo),
    ('loudness', m.loudness)
  ) AS f(feature, value)
  GROUP BY m.scope, f.feature
)
SELECT mine.scope AS period, mine.feature,
       round(mine.average::numeric, 3) AS mine,
       round(catalog.average::numeric, 3) AS catalog,
       round((mine.average - catalog.average)::numeric, 3) AS difference,
       mine.streams
FROM averages AS mine
LEFT JOIN averages AS catalog ON catalog.scope = 'catalog' AND catalog.feature = mine.feature
WHERE mine.scope <> 'catalog' AND mine.streams > 0
