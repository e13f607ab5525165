-- name: CareRosterGlucoseSummary :many
-- Per actively linked patient, the readings of [prev_from, cur_to) counted by period
-- (cur = 1 from cur_from on, 0 before: the previous period) and by consensus band, so that
-- a roster of hundreds of patients moves a few thousand small rows, not every reading.
-- band: 0 very low, 1 low, 2 in range, 3 high, 4 very high: the limits of glucose.Classify,
-- on the unrounded value: < 54, < 70, <= 180.1559 (10.0 mmol/L), <= 250.416701 (13.9 mmol/L).
-- days: bit i is set when there is a reading on day i after day0_unix (prev_from, a local
-- midnight, in Unix seconds),
-- bit_or of one bit per day; Go counts the bits.
SELECT d.user_id,
    CAST(CASE WHEN d.recorded_at >= sqlc.arg(cur_from) THEN 1 ELSE 0 END AS BIGINT) AS cur,
    CAST(CASE WHEN d.glucose_mgdl < 54 THEN 0 WHEN d.glucose_mgdl < 70 THEN 1 WHEN d.glucose_mgdl <= 180.1559 THEN 2
              WHEN d.glucose_mgdl <= 250.416701 THEN 3 ELSE 4 END AS BIGINT) AS band,
    count(*) AS n,
    CAST(sum(d.glucose_mgdl) AS DOUBLE PRECISION) AS sum_mgdl,
    CAST(bit_or(CAST(1 AS BIGINT) << CAST(floor((date_part('epoch', d.recorded_at) - CAST(sqlc.arg(day0_unix) AS BIGINT)) / 86400) AS INTEGER)) AS BIGINT) AS days
FROM care_links l
JOIN diabetes_records d ON d.user_id = l.patient_id AND d.record_type = 'glucose'
     AND d.recorded_at >= sqlc.arg(prev_from) AND d.recorded_at < sqlc.arg(cur_to)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active' AND d.glucose_mgdl IS NOT NULL
GROUP BY d.user_id, 2, 3;
