{{ config(materialized='incremental', unique_key='month', indexes=['day']) }}
-- Minutes and plays per day, in the listening time zone. Incremental: each build recomputes the
-- months holding plays that plays rebuilt since this model last ran (plays replaces whole months).
WITH changed AS (
  SELECT DISTINCT played_month AS month
  FROM {{ ref('plays') }}
  {% if is_incremental() %}
  WHERE refreshed_at > (SELECT coalesce(max(refreshed_at), '-infinity') FROM {{ this }})
  {% endif %}
)
SELECT p.played_on AS day,
       p.played_month AS month,
       count(*) AS plays,
       count(*) FILTER (WHERE p.ms_played >= 30000) AS streams,
       sum(p.ms_played) AS ms_played,
       round(sum(p.ms_played) / 60000.0, 1) AS minutes,
       count(DISTINCT coalesce(p.track_id, lower(p.artist_name) || ' - ' || lower(p.track_name))) AS tracks,
       count(DISTINCT p.artist_name) AS artists,
       max(p.refreshed_at) AS refreshed_at
FROM {{ ref('plays') }} AS p
WHERE p.played_month IN (SELECT month FROM changed)
GROUP BY p.played_on, p.played_month
