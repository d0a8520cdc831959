{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 50 most played artists per period (the track's primary artist, or the album artist of the
-- export), by streams (plays of 30 s or more), then minutes; with how many of their tracks you played.
WITH counted AS (
  SELECT w.period,
         p.artist_name,
         count(*) FILTER (WHERE p.ms_played >= 30000) AS streams,
         sum(p.ms_played) AS ms_played,
         count(DISTINCT coalesce(p.track_id, lower(p.track_name))) AS tracks
  FROM {{ ref('plays') }} AS p
  JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
  WHERE p.artist_name IS NOT NULL
  GROUP BY w.period, p.artist_name
),
ranked AS (
  SELECT counted.*,
         row_number() OVER (PARTITION BY period ORDER BY streams DESC, ms_played DESC, artist_name) AS rank
  FROM counted
  WHERE streams > 0
)
SELECT period, rank::int AS rank, artist_name, streams, round(ms_played / 60000.0, 1) AS minutes,
       tracks
FROM ranked
WHERE rank <= 50
