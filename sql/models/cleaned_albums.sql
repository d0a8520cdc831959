{{ config(materialized='table', indexes=['album_id']) }}
-- One row per album of the catalog, the most recently updated version. Spotify gives release dates
-- at year, month or day precision ('1981', '1981-12', '1981-12-03', and '0000' when unknown);
-- released_on is the first day they can mean, NULL when the text is not a real date.
SELECT DISTINCT ON (album_id)
  album_id,
  nullif(btrim(name), '') AS album_name,
  album_type,
  artist_id,
  total_tracks,
  release_date,
  release_date_precision,
  CASE
    WHEN release_date ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
      THEN to_date(release_date, 'YYYY-MM-DD')
    WHEN release_date ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$' THEN to_date(release_date, 'YYYY-MM')
    WHEN release_date ~ '^[1-9][0-9]{3}$' THEN to_date(release_date, 'YYYY')
  END AS released_on,
  updated_at
FROM {{ source('spotify', 'spotify_albums') }}
WHERE album_id IS NOT NULL
ORDER BY album_id, updated_at DESC
