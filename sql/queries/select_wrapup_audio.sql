-- A period's audio-feature profile against the catalog.
-- $1 period
SELECT feature, mine::float AS mine, catalog::float AS catalog, difference::float AS difference, streams
FROM analytics.audio_profile WHERE period = $1
ORDER BY array_position(ARRAY['danceability', 'energy', 'valence', 'acousticness',
  'instrumentalness', 'speechiness', 'liveness', 'tempo', 'loudness'], feature)
