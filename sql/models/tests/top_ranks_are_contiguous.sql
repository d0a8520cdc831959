-- Ranks in each period run 1, 2, 3, ... without a gap or a repeat.
SELECT 'top_tracks' AS model, period, count(*) AS ranked, max(rank) AS last_rank
FROM {{ ref('top_tracks') }} GROUP BY period HAVING count(*) <> max(rank) OR count(DISTINCT rank) <> count(*)
UNION ALL
SELECT 'top_artists', period, count(*), max(rank)
FROM {{ ref('top_artists') }} GROUP BY period HAVING count(*) <> max(rank) OR count(DISTINCT rank) <> count(*)
