-- How many of the wrap-up's model tables exist; the page needs all of them.
-- no parameters
SELECT count(to_regclass(name))::int AS present, count(*)::int AS needed
FROM unnest(ARRAY[
  'analytics.listening_totals', 'analytics.top_tracks', 'analytics.top_artists',
  'analytics.top_genres', 'analytics.listening_by_day', 'analytics.listening_by_hour',
  'analytics.audio_profile', 'analytics.new_artists_by_month', 'analytics.listening_streaks',
  'analytics.wrapup_periods'
]) AS name
