{{ config(materialized='table', indexes=['period, track_id']) }}
-- Every track you played in each wrap-up period, with its plays, streams (plays of 30 s or more)
-- and time: ONE pass over the plays, each period an aggregate FILTER. The top lists, genres, audio
-- profile and totals read this instead of the plays. A track is its Spotify id, or its artist and
-- name when no id is known (basic-format history the catalog could not name).
WITH per_track AS (
  SELECT coalesce(p.track_id, 'name:' || lower(p.artist_name) || ' - ' || lower(p.track_name)) AS track_key,
         max(p.track_id) AS track_id,
         max(p.track_name) AS track_name,
         max(p.artist_name) AS artist_name,
         count(*) FILTER (WHERE p.played_at > b.weeks_4_after) AS plays_4w,
         count(*) FILTER (WHERE p.played_at > b.weeks_4_after AND p.ms_played >= 30000) AS streams_4w,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.weeks_4_after) AS ms_4w,
         count(*) FILTER (WHERE p.played_at > b.months_6_after) AS plays_6m,
         count(*) FILTER (WHERE p.played_at > b.months_6_after AND p.ms_played >= 30000) AS streams_6m,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.months_6_after) AS ms_6m,
         count(*) AS plays_all,
         count(*) FILTER (WHERE p.ms_played >= 30000) AS streams_all,
         sum(p.ms_played) AS ms_all
  FROM {{ ref('plays') }} AS p
  CROSS JOIN (SELECT DISTINCT weeks_4_after, months_6_after FROM {{ ref('wrapup_periods') }}) AS b
  WHERE p.track_id IS NOT NULL OR (p.artist_name IS NOT NULL AND p.track_name IS NOT NULL)
  GROUP BY 1
)
SELECT v.period, t.track_key, t.track_id, t.track_name, t.artist_name, v.plays, v.streams,
       v.ms_played
FROM per_track AS t
CROSS JOIN LATERAL (VALUES
  ('4_weeks', t.plays_4w, t.streams_4w, t.ms_4w),
  ('6_months', t.plays_6m, t.streams_6m, t.ms_6m),
  ('all_time', t.plays_all, t.streams_all, t.ms_all)
) AS v(period, plays, streams, ms_played)
WHERE v.plays > 0
