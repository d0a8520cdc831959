-- select_unknown_album_ids: albums of the tracks heard (my_tracks, api_tracks) that neither the
-- Kaggle catalog nor an earlier fetch knows. $1 = how many at most.
WITH heard AS (
  SELECT album_id FROM spotify.my_tracks
  UNION
  SELECT album_id FROM spotify.api_tracks
)
SELECT h.album_id
FROM heard h
WHERE h.album_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM spotify.api_albums a WHERE a.album_id = h.album_id)
  AND NOT EXISTS (SELECT 1 FROM spotify.spotify_albums c WHERE c.album_id = h.album_id)
ORDER BY h.album_id
LIMIT $1
