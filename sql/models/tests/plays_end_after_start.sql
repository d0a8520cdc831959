-- A play cannot end before it starts, and its day is the day it started.
SELECT play_id, played_at, ended_at
FROM {{ ref('plays') }}
WHERE ended_at < played_at OR played_on <> played_at::date
