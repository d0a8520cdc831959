-- A period's top artists.
-- $1 period, $2 how many
SELECT rank, artist_name, streams, minutes, tracks
FROM analytics.top_artists WHERE period = $1 ORDER BY rank LIMIT $2
