-- select_catalog_features (MySQL): the Kaggle catalog's audio features of the given tracks, the
-- fallback when Spotify refuses /audio-features. ? = the track ids (an array, expanded by mysql2).
SELECT track_id, danceability, energy, track_key, loudness, `mode`, speechiness, acousticness,
  instrumentalness, liveness, valence, tempo, time_signature
FROM spotify_tracks
WHERE track_id IN (?)
