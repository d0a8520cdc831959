{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 50 most played artists per period, by streams (plays of 30 s or more), then minutes; with
-- how many of their tracks you played.
SELECT period, rank::int AS rank, artist_name, streams, round(ms_played / 60000.0, 1) AS minutes,
       tracks
FROM (
  SELECT a.*,
         row_number() OVER (PARTITION BY period ORDER BY streams DESC, ms_played DESC, artist_name) AS rank
  FROM {{ ref('period_artists') }} AS a
  WHERE streams > 0
) AS ranked
WHERE rank <= 50
