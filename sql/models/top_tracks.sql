{{ config(materialized='table', indexes=['period, rank']) }}
-- Your 50 most played tracks per period, by streams (plays of 30 s or more, as Spotify counts them),
-- ties going to more minutes.
SELECT period, rank::int AS rank, track_key, track_id, track_name, artist_name, streams,
       round(ms_played / 60000.0, 1) AS minutes
FROM (
  SELECT t.*,
         row_number() OVER (PARTITION BY period ORDER BY streams DESC, ms_played DESC, track_key) AS rank
  FROM {{ ref('period_tracks') }} AS t
  WHERE streams > 0
) AS ranked
WHERE rank <= 50
