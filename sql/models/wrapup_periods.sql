{{ config(materialized='view') }}
-- The wrap-up's periods, ending at the latest play (so an old export still shows its last four
-- weeks): a play is in a period when starts_after < played_at <= ends_at.
SELECT p.period, p.label, p.sort,
       CASE p.period
         WHEN '4_weeks' THEN latest.last_play - interval '28 days'
         WHEN '6_months' THEN latest.last_play - interval '6 months'
         ELSE '-infinity'::timestamptz
       END AS starts_after,
       latest.last_play AS ends_at
FROM (SELECT max(played_at) AS last_play FROM {{ ref('plays') }}) AS latest
CROSS JOIN (VALUES ('4_weeks', 'Last 4 weeks', 1), ('6_months', 'Last 6 months', 2),
                   ('all_time', 'All time', 3)) AS p(period, label, sort)
WHERE latest.last_play IS NOT NULL
