{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 20 most played genres per period: every stream counts for each genre of the track's primary
-- artist (from the catalog). share is the part of the period's streams with a known genre that
-- carried this genre.
WITH streams AS (
  SELECT w.period, p.ms_played, d.genres
  FROM {{ ref('plays') }} AS p
  JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
  JOIN {{ ref('track_details') }} AS d ON d.track_id = p.track_id
  WHERE p.ms_played >= 30000 AND cardinality(d.genres) > 0
),
counted AS (
  SELECT s.period, g.genre, count(*) AS streams, sum(s.ms_played) AS ms_played
  FROM streams AS s
  CROSS JOIN LATERAL unnest(s.genres) AS g(genre)
  GROUP BY s.period, g.genre
),
known AS (
  SELECT period, count(*) AS known FROM streams GROUP BY period
),
ranked AS (
  SELECT c.*, k.known,
         row_number() OVER (PARTITION BY c.period ORDER BY c.streams DESC, c.ms_played DESC, c.genre) AS rank
  FROM counted AS c
  JOIN known AS k USING (period)
)
SELECT period, rank::int AS rank, genre, streams, round(ms_played / 60000.0, 1) AS minutes,
       round(streams::numeric / known, 3) AS share
FROM ranked
WHERE rank <= 20
