-- Minutes per weekday (1 Monday .. 7 Sunday) and hour in a period.
-- $1 period
SELECT weekday, hour, minutes::float AS minutes, plays
FROM analytics.listening_by_hour WHERE period = $1
