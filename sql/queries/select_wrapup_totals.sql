-- The headline numbers of every wrap-up period, in display order.
-- no parameters
SELECT period, label, plays, streams, minutes, tracks, artists, days, first_play, last_play
FROM analytics.listening_totals
ORDER BY sort
