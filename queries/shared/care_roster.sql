-- The dietitian's roster: a constant number of queries for all linked patients (issue 8).

-- name: CareRosterPatients :many
SELECT l.id AS link_id, l.shares, l.accepted_at,
       u.id, u.username, u.first_name, u.last_name, u.birth_date, u.diabetes_type,
       u.monthly_budget_ugx, u.time_zone,
       r.last_reviewed_at, CAST(coalesce(r.tags, '') AS TEXT) AS tags
FROM care_links l
JOIN users u ON u.id = l.patient_id
LEFT JOIN care_roster r ON r.dietitian_id = l.dietitian_id AND r.patient_id = l.patient_id
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareRosterGlucose :many
-- Readings of every actively linked patient in [from, to): the composite index
-- (user_id, record_type, recorded_at) serves each patient's range.
SELECT d.user_id, d.recorded_at, d.glucose_mgdl
FROM care_links l
JOIN diabetes_records d ON d.user_id = l.patient_id AND d.record_type = 'glucose'
     AND d.recorded_at >= sqlc.arg(from_at) AND d.recorded_at < sqlc.arg(to_at)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareRosterLastGlucose :many
-- Each linked patient's latest reading: one backward index probe per patient.
SELECT l.patient_id, d.recorded_at
FROM care_links l
JOIN diabetes_records d ON d.id = (
    SELECT d2.id FROM diabetes_records d2
    WHERE d2.user_id = l.patient_id AND d2.record_type = 'glucose'
    ORDER BY d2.recorded_at DESC LIMIT 1)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareRosterHbA1c :many
SELECT d.user_id, d.recorded_at, d.hba1c_percent
FROM care_links l
JOIN diabetes_records d ON d.user_id = l.patient_id AND d.record_type = 'hba1c'
     AND d.recorded_at >= sqlc.arg(from_at)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareRosterWeights :many
SELECT w.user_id, w.recorded_at, w.weight_kg
FROM care_links l
JOIN weight_entries w ON w.user_id = l.patient_id
     AND w.recorded_at >= sqlc.arg(from_at) AND w.recorded_at < sqlc.arg(to_at)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareRosterSpending :many
SELECT f.user_id, CAST(coalesce(sum(f.cost_ugx), 0) AS BIGINT) AS spent_ugx, count(*) AS logs
FROM care_links l
JOIN food_logs f ON f.user_id = l.patient_id
     AND f.consumed_at >= sqlc.arg(from_at) AND f.consumed_at < sqlc.arg(to_at)
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active'
GROUP BY f.user_id;

-- name: CareMarkReviewed :exec
INSERT INTO care_roster (dietitian_id, patient_id, last_reviewed_at, tags, updated_at)
VALUES (sqlc.arg(dietitian_id), sqlc.arg(patient_id), sqlc.arg(reviewed_at), '', sqlc.arg(reviewed_at))
ON CONFLICT (dietitian_id, patient_id) DO UPDATE SET last_reviewed_at = excluded.last_reviewed_at, updated_at = excluded.updated_at;

-- name: CareSetTags :exec
INSERT INTO care_roster (dietitian_id, patient_id, last_reviewed_at, tags, updated_at)
VALUES (sqlc.arg(dietitian_id), sqlc.arg(patient_id), NULL, sqlc.arg(tags), sqlc.arg(updated_at))
ON CONFLICT (dietitian_id, patient_id) DO UPDATE SET tags = excluded.tags, updated_at = excluded.updated_at;
