-- opsflow mine: the partial aggregates of an event log, computed where the log lives.
--
-- Run it once per partition of cases (any split that keeps each case whole: by a hash of the
-- case id, by month of the case's start, ...), write each result as JSON, and combine them with
--
--     opsflow mine --merge part-1.json part-2.json ...
--
-- which prints the same statistics as `opsflow mine` on the whole log: counts, sums, means,
-- minima and maxima exact, medians and P90 from quantile sketches within 1% (SPEC §6).
-- Parts written by `opsflow mine --format json` merge with these.
--
-- Input: a table (or view) `events` with one row per row of the log:
--   case_id   TEXT     the case
--   activity  TEXT     the activity
--   ts        TEXT     the timestamp, ISO 8601 as SQLite reads it: 2026-10-01T09:30:00.250+02:00,
--                      Z, or no zone (UTC); a '.' before the fraction, a ':' in the offset (a
--                      timestamp SQLite cannot read gives an 'error' row, which --merge reports)
--   lifecycle TEXT     start or complete (any case; empty or NULL = complete; other values are
--                      counted as ignored rows); NULL for logs without a lifecycle column
--   start_ts  TEXT     the start timestamp, for logs with a start column; else NULL
--   resource  TEXT     who did it, or NULL
--   ord       INTEGER  the row's position in the file, from 0 (ties in time keep this order)
--
-- Output: rows (kind, a, b, sequence, n, sum, m2, min, max, sign, bucket), one per aggregate,
-- the format `opsflow mine --format json` writes under "partial" (README, "Beyond one machine").
-- With SQLite:  sqlite3 -json log.db < src/sql/mine_partial.sql > part.json
--
-- Written for SQLite 3.35 or later (window functions, ln, ceil, unixepoch, json_group_array).
-- Elsewhere, replace the three marked expressions: `micros` (epoch microseconds of a timestamp:
-- unix_micros(ts) in Spark SQL and BigQuery, EXTRACT(EPOCH FROM ts) * 1000000 in PostgreSQL),
-- json_group_array (to_json(collect_list(...)) in Spark) and the bucket's ln/ceil (the same in
-- most dialects). The bucket must be ceil(ln(|x|) / ln(1.01 / 0.99)) exactly, as opsflow
-- computes it, for sketches to merge.

WITH
-- [micros] Rows with their instants in microseconds since 1970 (UTC).
rows_us AS (
  SELECT case_id, activity, NULLIF(resource, '') AS resource, ord, ts, start_ts,
         CASE
           WHEN lifecycle IS NULL OR lifecycle = '' OR lower(lifecycle) = 'complete' THEN 'complete'
           WHEN lower(lifecycle) = 'start' THEN 'start'
           ELSE 'other'
         END AS transition,
         -- Whole seconds from the text without its fraction (unixepoch rounds a fraction to the
         -- millisecond first: .9996 would become the next second), then the microseconds.
         unixepoch(CASE WHEN instr(ts, '.') > 0
                        THEN substr(ts, 1, instr(ts, '.') - 1)
                             || ltrim(substr(ts, instr(ts, '.') + 1), '0123456789')
                        ELSE ts END) * 1000000
           + CASE WHEN instr(ts, '.') > 0
                  THEN CAST(round(CAST('0.' || substr(ts, instr(ts, '.') + 1) AS REAL) * 1000000)
                            AS INTEGER)
                  ELSE 0 END AS t,
         CASE WHEN start_ts IS NULL OR start_ts = '' THEN NULL
              ELSE unixepoch(CASE WHEN instr(start_ts, '.') > 0
                                  THEN substr(start_ts, 1, instr(start_ts, '.') - 1)
                                       || ltrim(substr(start_ts, instr(start_ts, '.') + 1),
                                                '0123456789')
                                  ELSE start_ts END) * 1000000
                + CASE WHEN instr(start_ts, '.') > 0
                       THEN CAST(round(CAST('0.' || substr(start_ts, instr(start_ts, '.') + 1)
                                            AS REAL) * 1000000) AS INTEGER)
                       ELSE 0 END
         END AS st
  FROM events
),
-- How the log is read, as opsflow does: with start-timestamp values each row is an instance;
-- else with lifecycle values starts and completes are paired; else each row is an instance at
-- its time.
mode AS (
  SELECT CASE
           WHEN EXISTS (SELECT 1 FROM events WHERE start_ts IS NOT NULL AND start_ts <> '')
             THEN 'start_column'
           WHEN EXISTS (SELECT 1 FROM events WHERE lifecycle IS NOT NULL AND lifecycle <> '')
             THEN 'lifecycle'
           ELSE 'complete_only'
         END AS mode
),
case_span AS (
  SELECT case_id, min(t) AS first_t, max(t) AS last_t FROM rows_us GROUP BY case_id
),
-- Starts and completes per case and activity in time order (file order within a time), with
-- running counts: a complete is paired with the oldest open start (first in, first out). The
-- completes that found no open start so far are max(0, running max of completes - starts): a
-- complete that raises it is unpaired, the others take the start whose number is
-- completes - unpaired.
paired_rows AS (
  SELECT *,
         max(0, max(c_run - s_run) OVER w_run) AS unpaired
  FROM (
    SELECT *,
           sum(transition = 'start') OVER w_run AS s_run,
           sum(transition = 'complete') OVER w_run AS c_run
    FROM rows_us
    WHERE transition <> 'other'
    WINDOW w_run AS (PARTITION BY case_id, activity ORDER BY t, ord
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  )
  WINDOW w_run AS (PARTITION BY case_id, activity ORDER BY t, ord
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
completes AS (
  SELECT p.*,
         coalesce(lag(unpaired) OVER (PARTITION BY case_id, activity ORDER BY t, ord), 0)
           AS unpaired_before
  FROM paired_rows p
),
-- The k-th paired complete takes the k-th start: ordered by k, each such complete comes right
-- after its start (a window, not a join: linear after the sort).
paired AS (
  SELECT case_id, activity, s_run AS k, 0 AS is_complete, t, NULL AS resource, NULL AS ord
  FROM paired_rows WHERE transition = 'start'
  UNION ALL
  SELECT case_id, activity, c_run - unpaired, 1, t, resource, ord
  FROM completes WHERE transition = 'complete' AND unpaired = unpaired_before
),
instances AS (
  SELECT case_id, activity, resource, ord, complete_t, start_t
  FROM (SELECT case_id, activity, resource, ord, is_complete, t AS complete_t,
               lag(t) OVER (PARTITION BY case_id, activity ORDER BY k, is_complete) AS start_t
        FROM paired)
  WHERE is_complete = 1
  UNION ALL
  -- A complete with no open start: instantaneous, or from its start column.
  SELECT case_id, activity, resource, ord, t, coalesce(st, t)
  FROM completes WHERE transition = 'complete' AND unpaired > unpaired_before
),
ordered AS (
  SELECT *,
         row_number() OVER w_case AS position,
         count(*) OVER (PARTITION BY case_id) AS instances_in_case,
         lag(activity) OVER w_case AS previous,
         lag(complete_t) OVER w_case AS previous_complete
  FROM instances
  WINDOW w_case AS (PARTITION BY case_id ORDER BY start_t, complete_t, ord)
),
-- The values summarised, each with what it belongs to.
vals AS (
  SELECT 'case_duration' AS kind, '' AS a, '' AS b, (last_t - first_t) / 1e6 AS x FROM case_span
  UNION ALL
  SELECT 'service', activity, '', (complete_t - start_t) / 1e6 FROM instances
  UNION ALL
  SELECT 'wait', previous, activity, (start_t - previous_complete) / 1e6
  FROM ordered WHERE previous IS NOT NULL
),
means AS (
  SELECT kind, a, b, avg(x) AS mean FROM vals GROUP BY kind, a, b
),
-- [bucket] The sketch's bucket of each value.
buckets AS (
  SELECT kind || '_bucket' AS kind, a, b,
         CASE WHEN abs(x) < 1e-9 THEN 0 WHEN x > 0 THEN 1 ELSE -1 END AS sign,
         CASE WHEN abs(x) < 1e-9 THEN 0
              ELSE CAST(ceil(ln(abs(x)) / ln(1.01 / 0.99)) AS INTEGER) END AS bucket
  FROM vals
),
-- [json_group_array] Each case's activities in order.
sequences AS (
  SELECT DISTINCT case_id,
         json_group_array(activity) OVER (PARTITION BY case_id ORDER BY position
           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS sequence
  FROM ordered
)
-- A timestamp SQLite cannot read (an offset without its colon, a comma before the fraction):
-- one error row, which opsflow mine --merge reports instead of merging wrong numbers.
SELECT 'error' AS kind,
       count(*) || ' timestamps SQLite cannot read, the first ''' || min(ts)
         || ''': write them as 2026-10-01T09:30:00.250+02:00' AS a,
       NULL AS b, NULL AS sequence, NULL AS n, NULL AS sum, NULL AS m2, NULL AS min, NULL AS max,
       NULL AS sign, NULL AS bucket
FROM (SELECT ts FROM rows_us WHERE t IS NULL
      UNION ALL SELECT start_ts FROM rows_us WHERE st IS NULL AND start_ts IS NOT NULL
                                                AND start_ts <> '')
HAVING count(*) > 0
UNION ALL
SELECT 'mode', mode, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM mode
UNION ALL SELECT 'count', 'cases', NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM case_span
UNION ALL SELECT 'count', 'instances', NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM instances
UNION ALL SELECT 'count', 'rows', NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM events
UNION ALL SELECT 'count', 'skipped_rows', NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL
UNION ALL SELECT 'count', 'ignored_rows', NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM rows_us WHERE transition = 'other'
UNION ALL SELECT 'count', 'unmatched_starts', NULL, NULL,
       (SELECT count(*) FROM paired_rows WHERE transition = 'start')
         - (SELECT count(*) FROM completes
            WHERE transition = 'complete' AND unpaired = unpaired_before),
       NULL, NULL, NULL, NULL, NULL, NULL
UNION ALL SELECT 'period', NULL, NULL, NULL, NULL, NULL, NULL, min(first_t), max(last_t), NULL,
       NULL
FROM case_span HAVING count(*) > 0
UNION ALL SELECT v.kind, v.a, v.b, NULL, count(*), sum(v.x), sum((v.x - m.mean) * (v.x - m.mean)),
       min(v.x), max(v.x), NULL, NULL
FROM vals v JOIN means m ON m.kind = v.kind AND m.a = v.a AND m.b = v.b
GROUP BY v.kind, v.a, v.b
UNION ALL SELECT kind, a, b, NULL, count(*), NULL, NULL, NULL, NULL, sign, bucket
FROM buckets GROUP BY kind, a, b, sign, bucket
UNION ALL SELECT 'events', activity, NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM rows_us WHERE transition <> 'other' GROUP BY activity
UNION ALL SELECT 'start', activity, NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM ordered WHERE position = 1 GROUP BY activity
UNION ALL SELECT 'end', activity, NULL, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM ordered WHERE position = instances_in_case GROUP BY activity
UNION ALL SELECT 'resource', resource, NULL, NULL, count(*), sum((complete_t - start_t) / 1e6),
       NULL, NULL, NULL, NULL, NULL
FROM instances WHERE resource IS NOT NULL GROUP BY resource
UNION ALL SELECT 'resource_cases', resource, NULL, NULL, count(DISTINCT case_id), NULL, NULL,
       NULL, NULL, NULL, NULL
FROM instances WHERE resource IS NOT NULL GROUP BY resource
UNION ALL SELECT 'variant', NULL, NULL, sequence, count(*), NULL, NULL, NULL, NULL, NULL, NULL
FROM sequences GROUP BY sequence;
