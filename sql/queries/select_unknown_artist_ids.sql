-- select_unknown_artist_ids: artists of the tracks heard (my_tracks, api_tracks) that neither the
-- Kaggle catalog nor an earlier fetch knows. $1 = how many at most.
WITH heard AS (
  SELECT unnest(artist_ids) AS artist_id FROM spotify.my_tracks
  UNION
  SELECT unnest(artist_ids) AS artist_id FROM spotify.api_tracks
)
SELECT h.artist_id
FROM heard h
WHERE h.artist_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM spotify.api_artists a WHERE a.artist_id = h.artist_id)
  AND NOT EXISTS (SELECT 1 FROM spotify.spotify_artists c WHERE c.artist_id = h.artist_id)
ORDER BY h.artist_id
LIMIT $1
