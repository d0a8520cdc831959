-- Runs per pipeline and status.
SELECT pipeline, status, count(*)::bigint AS runs FROM pipeline.runs GROUP BY pipeline, status
