-- A period's top tracks.
-- $1 period, $2 how many
SELECT rank, track_name, artist_name, streams, minutes
FROM analytics.top_tracks WHERE period = $1 ORDER BY rank LIMIT $2
