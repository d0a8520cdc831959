-- select_unknown_track_ids: tracks heard in the listening-history export that no table knows yet
-- (not polled into my_tracks, not in the Kaggle catalog, not fetched before). $1 = how many at most.
SELECT DISTINCT h.track_id
FROM spotify.listening_history h
WHERE h.track_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM spotify.api_tracks a WHERE a.track_id = h.track_id)
  AND NOT EXISTS (SELECT 1 FROM spotify.my_tracks m WHERE m.track_id = h.track_id)
  AND NOT EXISTS (SELECT 1 FROM spotify.spotify_tracks c WHERE c.track_id = h.track_id)
ORDER BY h.track_id
LIMIT $1
