-- The longest listening streaks, and the latest one wherever it ranks.
-- $1 how many of the longest
SELECT started_on, ended_on, days, is_latest, longest_rank
FROM analytics.listening_streaks
WHERE longest_rank <= $1 OR is_latest
ORDER BY longest_rank
