{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 50 most played tracks per period. A stream is a play of at least 30 seconds (as Spotify
-- counts them); ties go to more minutes. A track is its Spotify id, or its artist and name when no
-- id is known (basic-format history the catalog could not name).
WITH counted AS (
  SELECT w.period,
         coalesce(p.track_id, 'name:' || lower(p.artist_name) || ' - ' || lower(p.track_name)) AS track_key,
         max(p.track_id) AS track_id,
         mode() WITHIN GROUP (ORDER BY p.track_name) AS track_name,
         mode() WITHIN GROUP (ORDER BY p.artist_name) AS artist_name,
         count(*) FILTER (WHERE p.ms_played >= 30000) AS streams,
         sum(p.ms_played) AS ms_played
  FROM {{ ref('plays') }} AS p
  JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
  WHERE p.track_id IS NOT NULL OR (p.artist_name IS NOT NULL AND p.track_name IS NOT NULL)
  GROUP BY w.period, 2
),
ranked AS (
  SELECT counted.*,
         row_number() OVER (PARTITION BY period ORDER BY streams DESC, ms_played DESC, track_key) AS rank
  FROM counted
  WHERE streams > 0
)
SELECT period, rank::int AS rank, track_key, track_id, track_name, artist_name, streams,
       round(ms_played / 60000.0, 1) AS minutes
FROM ranked
WHERE rank <= 50
