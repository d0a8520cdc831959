{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 20 most played genres per period: every stream counts for each genre of the track's primary
-- artist (from the catalog). share is the part of the period's streams with a known genre that
-- carried this genre; minutes are all the time spent on those tracks.
WITH streamed AS (
  SELECT t.period, t.streams, t.ms_played, d.genres
  FROM {{ ref('period_tracks') }} AS t
  JOIN {{ ref('track_details') }} AS d ON d.track_id = t.track_id
  WHERE t.streams > 0 AND cardinality(d.genres) > 0
),
counted AS (
  SELECT s.period, g.genre, sum(s.streams) AS streams, sum(s.ms_played) AS ms_played
  FROM streamed AS s
  CROSS JOIN LATERAL unnest(s.genres) AS g(genre)
  GROUP BY s.period, g.genre
),
known AS (
  SELECT period, sum(streams) AS known FROM streamed GROUP BY period
),
ranked AS (
  SELECT c.*, k.known,
         row_number() OVER (PARTITION BY c.period ORDER BY c.streams DESC, c.ms_played DESC, c.genre) AS rank
  FROM counted AS c
  JOIN known AS k USING (period)
)
SELECT period, rank::int AS rank, genre, streams, round(ms_played / 60000.0, 1) AS minutes,
       round(streams / known, 3) AS share
FROM ranked
WHERE rank <= 20
