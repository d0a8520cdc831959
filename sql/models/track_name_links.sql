{{ config(materialized='table', indexes=['artist_key, track_key']) }}
-- Basic-format history (StreamingHistory*.json) names its tracks but gives no id. For each (artist,
-- track) name pair of that history this is the catalog's track id, where exactly one catalog track
-- of that name has an artist of that name (case-insensitive); an ambiguous or unknown pair is left
-- out. No API call per play: one join against the catalog each build.
WITH names AS (
  SELECT DISTINCT lower(artist_name) AS artist_key, lower(track_name) AS track_key
  FROM {{ source('spotify', 'listening_history') }}
  WHERE content_type = 'track' AND source_format = 'account_data'
    AND artist_name IS NOT NULL AND track_name IS NOT NULL
)
SELECT n.artist_key, n.track_key, min(t.track_id) AS track_id
FROM names AS n
JOIN {{ ref('cleaned_tracks') }} AS t ON lower(t.track_name) = n.track_key
JOIN {{ ref('cleaned_artists') }} AS a
  ON a.artist_id = ANY (t.artist_ids) AND lower(a.artist_name) = n.artist_key
GROUP BY n.artist_key, n.track_key
HAVING count(DISTINCT t.track_id) = 1
