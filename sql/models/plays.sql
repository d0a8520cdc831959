{{ config(materialized='incremental', unique_key='played_month',
          indexes=['played_at', 'track_id', 'artist_name', 'export_id', 'polled_id', 'refreshed_at']) }}
-- One row per play of a track: the listening-history export (tracks only; podcast and audiobook
-- rows stay in spotify.listening_history) and the plays polled from recently-played, deduplicated.
--
-- Timestamps. The export's `ts` is when playback ENDED; the play started ms_played earlier. The
-- API documents `played_at` only as "when the track was played"; users have found it at the end of
-- the play on some days and at its start on others (spotify/web-api#613, #1083). So for each day of
-- polling the model counts how many polled plays an export row explains at either reading, takes the
-- reading that explains more (the end when tied or unknown), and matches in that reading.
--
-- A play seen in both sources is ONE play and the export's row wins (it has ms_played):
-- - id-bearing formats (extended, endsong): same track id, played_at within 30 s of the export
--   row's end (or start, ts - ms_played);
-- - the basic format (StreamingHistory: endTime to the minute, names only): same track name and
--   primary artist name (case-insensitive), within the minute (60 s of the minute's middle).
-- Matching is one to one (each side's nearest). Export rows seen in two formats (a basic row and an
-- extended row with the same names, ms_played and minute; or two id rows with the same ts, track
-- and ms_played) are one play too: the id-bearing row is kept, the other's id is listed in
-- absorbed_export_ids. Basic rows get the catalog's track id from track_name_links.
--
-- Incremental: each build recomputes, from the sources, the months (in the listening time zone)
-- around source rows it has not seen yet, and around unlinked plays the catalog can now name, and
-- replaces those months (unique_key played_month).
WITH
{% if is_incremental() %}
-- Every export row of a track is a play here or absorbed into one, and sources only grow: equal
-- counts mean no new export row, and the anti-join below (the costly part) is skipped.
export_changed AS (
  SELECT (SELECT count(*) FROM {{ source('spotify', 'listening_history') }} WHERE content_type = 'track')
      <> (SELECT count(export_id) + coalesce(sum(cardinality(absorbed_export_ids)), 0) FROM {{ this }})
      AS changed
),
known_export AS (
  SELECT export_id AS play_id FROM {{ this }} WHERE export_id IS NOT NULL
  UNION ALL
  SELECT unnest(absorbed_export_ids) FROM {{ this }}
),
{% endif %}
new_export AS (
  SELECT h.play_id, h.ts
  FROM {{ source('spotify', 'listening_history') }} AS h
  WHERE h.content_type = 'track'
  {% if is_incremental() %}
    AND (SELECT changed FROM export_changed)
    AND NOT EXISTS (SELECT 1 FROM known_export AS k WHERE k.play_id = h.play_id)
  {% endif %}
),
new_polled AS (
  SELECT m.track_unique_id, m.played_at
  FROM {{ source('spotify', 'my_tracks') }} AS m
  {% if is_incremental() %}
  WHERE NOT EXISTS (SELECT 1 FROM {{ this }} AS p WHERE p.polled_id = m.track_unique_id)
  {% endif %}
),
build_months AS (
{% if is_incremental() %}
  SELECT DISTINCT date_trunc('month', d.day + shift)::date AS month
  FROM (
    SELECT ts::date AS day FROM new_export
    UNION SELECT played_at::date FROM new_polled
    UNION
    SELECT p.played_on FROM {{ this }} AS p
    JOIN {{ ref('track_name_links') }} AS l
      ON l.artist_key = lower(p.artist_name) AND l.track_key = lower(p.track_name)
    WHERE p.track_id IS NULL
  ) AS d
  CROSS JOIN (VALUES (-1), (0), (1)) AS s(shift)
{% else %}
  SELECT NULL::date AS month WHERE false
{% endif %}
),
-- The source rows the rebuilt months can involve: the months and two days either side, as ranges
-- that never overlap (runs of consecutive months become one range), so a join with them neither
-- repeats a row nor scans more than the index ranges.
source_ranges AS (
{% if is_incremental() %}
  SELECT (min(month) - 2)::timestamptz AS lo,
         ((max(month) + interval '1 month')::date + 2)::timestamptz AS hi
  FROM (
    SELECT month, month - make_interval(months => (row_number() OVER (ORDER BY month))::int) AS run
    FROM build_months
  ) AS months
  GROUP BY run
{% else %}
  SELECT '-infinity'::timestamptz AS lo, 'infinity'::timestamptz AS hi
{% endif %}
),
export_rows AS (
  SELECT h.play_id, h.ts, h.ms_played, h.source_format, h.track_name, h.artist_name, h.album_name,
         h.skipped, h.shuffle, h.platform, h.reason_end,
         lower(h.artist_name) AS artist_key, lower(h.track_name) AS track_key,
         coalesce(h.track_id, substring(h.spotify_track_uri FROM '^spotify:track:([A-Za-z0-9]+)$'),
                  l.track_id) AS track_id,
         CASE
           WHEN coalesce(h.track_id, h.spotify_track_uri) IS NOT NULL THEN 'source'
           WHEN l.track_id IS NOT NULL THEN 'catalog_name'
         END AS track_link,
         h.source_format = 'account_data' AS is_basic,
         CASE h.source_format WHEN 'extended' THEN 1 WHEN 'endsong' THEN 2 ELSE 3 END AS format_rank
  FROM {{ source('spotify', 'listening_history') }} AS h
  JOIN source_ranges AS r ON h.ts >= r.lo AND h.ts < r.hi
  LEFT JOIN {{ ref('track_name_links') }} AS l
    ON h.source_format = 'account_data'
   AND l.artist_key = lower(h.artist_name) AND l.track_key = lower(h.track_name)
  WHERE h.content_type = 'track'
),
-- The same play exported in two formats: keep the id-bearing row (extended before endsong). Two
-- equality joins rather than one join with OR, so each can be a hash join.
format_twins AS (
  SELECT DISTINCT ON (absorbed_id) absorbed_id, kept_id
  FROM (
    SELECT twin.play_id AS absorbed_id, kept.play_id AS kept_id, kept.format_rank
    FROM export_rows AS twin
    JOIN export_rows AS kept
      ON kept.artist_key = twin.artist_key AND kept.track_key = twin.track_key
     AND kept.ms_played = twin.ms_played
    WHERE twin.is_basic AND NOT kept.is_basic
      AND kept.ts >= twin.ts - interval '1 minute' AND kept.ts < twin.ts + interval '2 minutes'
    UNION ALL
    SELECT twin.play_id, kept.play_id, kept.format_rank
    FROM export_rows AS twin
    JOIN export_rows AS kept
      ON kept.ts = twin.ts AND kept.track_id = twin.track_id AND kept.ms_played = twin.ms_played
    WHERE NOT twin.is_basic AND NOT kept.is_basic
      AND (kept.format_rank, kept.play_id) < (twin.format_rank, twin.play_id)
  ) AS pairs
  ORDER BY absorbed_id, format_rank, kept_id
),
export_plays AS (
  SELECT e.*,
         -- A basic row's endTime is the minute the play ended: its middle is the best guess.
         e.ts + CASE WHEN e.is_basic THEN interval '30 seconds' ELSE interval '0' END AS end_anchor,
         CASE WHEN e.is_basic THEN 60 ELSE 30 END AS tolerance_s,
         coalesce(a.absorbed, '{}') AS absorbed_export_ids
  FROM export_rows AS e
  LEFT JOIN (
    SELECT kept_id, array_agg(absorbed_id ORDER BY absorbed_id) AS absorbed
    FROM format_twins GROUP BY kept_id
  ) AS a ON a.kept_id = e.play_id
  WHERE NOT EXISTS (SELECT 1 FROM format_twins AS t WHERE t.absorbed_id = e.play_id)
),
polled_rows AS (
  SELECT m.track_unique_id, m.track_id, m.played_at, m.duration_ms, m.track_name,
         m.artist_names[1] AS artist_name, m.album_name,
         lower(m.track_name) AS track_key, lower(m.artist_names[1]) AS artist_key
  FROM {{ source('spotify', 'my_tracks') }} AS m
  JOIN source_ranges AS r ON m.played_at >= r.lo AND m.played_at < r.hi
),
candidate_pairs AS (
  SELECT p.track_unique_id AS polled_id, e.play_id AS export_id, p.played_at::date AS poll_day,
         e.tolerance_s,
         abs(extract(epoch FROM p.played_at - e.end_anchor)) AS end_gap,
         abs(extract(epoch FROM p.played_at - (e.end_anchor - e.ms_played * interval '1 millisecond'))) AS start_gap
  FROM polled_rows AS p
  JOIN export_plays AS e ON NOT e.is_basic AND e.track_id = p.track_id
  WHERE p.played_at BETWEEN e.end_anchor - e.ms_played * interval '1 millisecond' - interval '60 seconds'
                        AND e.end_anchor + interval '60 seconds'
  UNION ALL
  SELECT p.track_unique_id, e.play_id, p.played_at::date, e.tolerance_s,
         abs(extract(epoch FROM p.played_at - e.end_anchor)),
         abs(extract(epoch FROM p.played_at - (e.end_anchor - e.ms_played * interval '1 millisecond')))
  FROM polled_rows AS p
  JOIN export_plays AS e
    ON e.is_basic AND e.track_key = p.track_key AND e.artist_key = p.artist_key
  WHERE p.played_at BETWEEN e.end_anchor - e.ms_played * interval '1 millisecond' - interval '60 seconds'
                        AND e.end_anchor + interval '60 seconds'
),
day_readings AS (
  SELECT poll_day,
         CASE
           WHEN count(DISTINCT polled_id) FILTER (WHERE start_gap <= tolerance_s)
              > count(DISTINCT polled_id) FILTER (WHERE end_gap <= tolerance_s)
             THEN 'start'
           ELSE 'end'
         END AS reading
  FROM candidate_pairs
  GROUP BY poll_day
),
ranked_pairs AS (
  SELECT c.polled_id, c.export_id,
         row_number() OVER (PARTITION BY c.polled_id ORDER BY g.gap, c.export_id) AS poll_rank,
         row_number() OVER (PARTITION BY c.export_id ORDER BY g.gap, c.polled_id) AS export_rank
  FROM candidate_pairs AS c
  JOIN day_readings AS d USING (poll_day)
  CROSS JOIN LATERAL (
    SELECT CASE d.reading WHEN 'start' THEN c.start_gap ELSE c.end_gap END AS gap
  ) AS g
  WHERE g.gap <= c.tolerance_s
),
matches AS (
  SELECT polled_id, export_id FROM ranked_pairs WHERE poll_rank = 1 AND export_rank = 1
),
all_plays AS (
  SELECT 'export:' || e.play_id AS play_id,
         e.ts - e.ms_played * interval '1 millisecond' AS played_at,
         e.ts AS ended_at,
         e.ms_played,
         e.track_id, e.track_link, e.track_name, e.artist_name, e.album_name,
         'export' AS source,
         e.source_format,
         e.play_id AS export_id,
         x.polled_id,
         e.absorbed_export_ids,
         e.skipped, e.shuffle, e.platform, e.reason_end
  FROM export_plays AS e
  LEFT JOIN matches AS x ON x.export_id = e.play_id
  UNION ALL
  -- Polled plays no export row explains. recently-played lists finished plays, so the track's
  -- duration stands in for ms_played; the day's reading places the play's start.
  SELECT 'api:' || p.track_unique_id,
         CASE WHEN d.reading = 'start' THEN p.played_at
              ELSE p.played_at - coalesce(p.duration_ms, 0) * interval '1 millisecond' END,
         CASE WHEN d.reading = 'start' THEN p.played_at + coalesce(p.duration_ms, 0) * interval '1 millisecond'
              ELSE p.played_at END,
         coalesce(p.duration_ms, 0)::bigint,
         p.track_id, 'source', p.track_name, p.artist_name, p.album_name,
         'api', 'api', NULL, p.track_unique_id, '{}',
         NULL::boolean, NULL::boolean, NULL, NULL
  FROM polled_rows AS p
  LEFT JOIN day_readings AS d ON d.poll_day = p.played_at::date
  WHERE NOT EXISTS (SELECT 1 FROM matches AS x WHERE x.polled_id = p.track_unique_id)
)
SELECT play_id,
       played_at,
       ended_at,
       played_at::date AS played_on,
       date_trunc('month', played_at)::date AS played_month,
       ms_played,
       track_id,
       track_link,
       track_name,
       artist_name,
       album_name,
       source,
       source_format,
       export_id,
       polled_id,
       absorbed_export_ids,
       skipped,
       shuffle,
       platform,
       reason_end,
       now() AS refreshed_at
FROM all_plays
WHERE NOT {{ is_incremental() }}
   OR date_trunc('month', played_at)::date IN (SELECT month FROM build_months)
