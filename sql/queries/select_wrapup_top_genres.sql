-- A period's top genres with their share of the streams whose genre is known.
-- $1 period, $2 how many
SELECT rank, genre, streams, minutes, share
FROM analytics.top_genres WHERE period = $1 ORDER BY rank LIMIT $2
