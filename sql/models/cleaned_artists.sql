{{ config(materialized='table', indexes=['artist_id', 'artist_name']) }}
-- One row per artist of the catalog: the most recently updated version, an empty name as NULL, and
-- genres as a list (never NULL). Answers "who is this artist, how popular, which genres".
SELECT DISTINCT ON (artist_id)
  artist_id,
  nullif(btrim(name), '') AS artist_name,
  artist_popularity,
  followers,
  coalesce(genres, '{}') AS genres,
  updated_at
FROM {{ source('spotify', 'spotify_artists') }}
WHERE artist_id IS NOT NULL
ORDER BY artist_id, updated_at DESC
