{{ config(materialized='table') }}
-- One row per artist, the most recently updated version, with the original's cleaning.
SELECT DISTINCT ON (artist_id)
  artist_id,
  name AS artist_name,
  artist_popularity,
  followers,
  genres,
  updated_at
FROM {{ source('spotify', 'spotify_artists') }}
WHERE artist_id IS NOT NULL
ORDER BY artist_id, updated_at DESC
