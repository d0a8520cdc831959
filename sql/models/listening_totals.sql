{{ config(materialized='table') }}
-- The headline numbers of each wrap-up period: plays, streams, minutes and different tracks (from
-- period_tracks), artists (from period_artists), days with a play, first and last play.
SELECT w.period, w.label, w.sort,
       t.plays, t.streams, round(t.ms_played / 60000.0, 1) AS minutes, t.tracks,
       coalesce(a.artists, 0) AS artists,
       CASE WHEN w.period = 'all_time'
            THEN (SELECT count(*) FROM {{ ref('listening_by_day') }})
            ELSE (SELECT count(DISTINCT played_on) FROM {{ ref('plays') }} WHERE played_at > w.starts_after)
       END AS days,
       (SELECT min(played_at) FROM {{ ref('plays') }} WHERE played_at > w.starts_after) AS first_play,
       w.ends_at AS last_play
FROM {{ ref('wrapup_periods') }} AS w
JOIN (
  SELECT period, sum(plays) AS plays, sum(streams) AS streams, sum(ms_played) AS ms_played,
         count(*) AS tracks
  FROM {{ ref('period_tracks') }} GROUP BY period
) AS t USING (period)
LEFT JOIN (
  SELECT period, count(*) AS artists FROM {{ ref('period_artists') }} GROUP BY period
) AS a USING (period)
