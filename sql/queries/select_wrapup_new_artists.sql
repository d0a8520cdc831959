-- Artists discovered per month, the latest months first.
-- $1 how many months
SELECT month, new_artists, examples
FROM analytics.new_artists_by_month ORDER BY month DESC LIMIT $1
