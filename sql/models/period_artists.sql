{{ config(materialized='table', indexes=['period']) }}
-- Every artist you played in each wrap-up period (the track's primary artist, or the album artist
-- of the export), with plays, streams, time and how many of their tracks: one pass over the plays.
WITH per_artist AS (
  SELECT p.artist_name,
         count(*) FILTER (WHERE p.played_at > b.weeks_4_after) AS plays_4w,
         count(*) FILTER (WHERE p.played_at > b.weeks_4_after AND p.ms_played >= 30000) AS streams_4w,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.weeks_4_after) AS ms_4w,
         count(DISTINCT coalesce(p.track_id, lower(p.track_name))) FILTER (WHERE p.played_at > b.weeks_4_after) AS tracks_4w,
         count(*) FILTER (WHERE p.played_at > b.months_6_after) AS plays_6m,
         count(*) FILTER (WHERE p.played_at > b.months_6_after AND p.ms_played >= 30000) AS streams_6m,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.months_6_after) AS ms_6m,
         count(DISTINCT coalesce(p.track_id, lower(p.track_name))) FILTER (WHERE p.played_at > b.months_6_after) AS tracks_6m,
         count(*) AS plays_all,
         count(*) FILTER (WHERE p.ms_played >= 30000) AS streams_all,
         sum(p.ms_played) AS ms_all,
         count(DISTINCT coalesce(p.track_id, lower(p.track_name))) AS tracks_all
  FROM {{ ref('plays') }} AS p
  CROSS JOIN (SELECT DISTINCT weeks_4_after, months_6_after FROM {{ ref('wrapup_periods') }}) AS b
  WHERE p.artist_name IS NOT NULL
  GROUP BY p.artist_name
)
SELECT v.period, a.artist_name, v.plays, v.streams, v.ms_played, v.tracks
FROM per_artist AS a
CROSS JOIN LATERAL (VALUES
  ('4_weeks', a.plays_4w, a.streams_4w, a.ms_4w, a.tracks_4w),
  ('6_months', a.plays_6m, a.streams_6m, a.ms_6m, a.tracks_6m),
  ('all_time', a.plays_all, a.streams_all, a.ms_all, a.tracks_all)
) AS v(period, plays, streams, ms_played, tracks)
WHERE v.plays > 0
