{{ config(materialized='table') }}
-- The headline numbers of each wrap-up period: plays, streams, minutes, different tracks and
-- artists, days with a play, and the first and last play in the period.
SELECT w.period, w.label, w.sort,
       count(*) AS plays,
       count(*) FILTER (WHERE p.ms_played >= 30000) AS streams,
       round(sum(p.ms_played) / 60000.0, 1) AS minutes,
       count(DISTINCT coalesce(p.track_id, lower(p.artist_name) || ' - ' || lower(p.track_name))) AS tracks,
       count(DISTINCT p.artist_name) AS artists,
       count(DISTINCT p.played_on) AS days,
       min(p.played_at) AS first_play,
       max(p.played_at) AS last_play
FROM {{ ref('plays') }} AS p
JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
GROUP BY w.period, w.label, w.sort
