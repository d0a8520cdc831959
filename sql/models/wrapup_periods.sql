{{ config(materialized='view') }}
-- The wrap-up's periods, ending at the latest play (so an old export still shows its last four
-- weeks): a play is in a period when starts_after < played_at <= ends_at. One row per period, and
-- the bounds side by side (weeks_4_after, months_6_after) for the models that count all three
-- periods in one pass over the plays.
SELECT p.period, p.label, p.sort, b.starts[p.sort] AS starts_after, b.last_play AS ends_at,
       b.starts[1] AS weeks_4_after, b.starts[2] AS months_6_after
FROM (
  SELECT last_play,
         ARRAY[last_play - interval '28 days', last_play - interval '6 months',
               '-infinity'::timestamptz] AS starts
  FROM (SELECT max(played_at) AS last_play FROM {{ ref('plays') }}) AS latest
  WHERE last_play IS NOT NULL
) AS b
CROSS JOIN (VALUES ('4_weeks', 'Last 4 weeks', 1), ('6_months', 'Last 6 months', 2),
                   ('all_time', 'All time', 3)) AS p(period, label, sort)
