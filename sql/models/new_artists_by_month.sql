{{ config(materialized='table', indexes=['month']) }}
-- Artists discovered per month: an artist is new in the month of your first stream of them (30 s or
-- more). examples are the five of that month's new artists you went on to stream most.
WITH firsts AS (
  SELECT artist_name,
         min(played_at) AS first_streamed,
         count(*) AS streams
  FROM {{ ref('plays') }}
  WHERE artist_name IS NOT NULL AND ms_played >= 30000
  GROUP BY artist_name
)
SELECT date_trunc('month', first_streamed)::date AS month,
       count(*) AS new_artists,
       (array_agg(artist_name ORDER BY streams DESC, artist_name))[1:5] AS examples
FROM firsts
GROUP BY 1
