-- name: CreateDiabetesRecord :one
INSERT INTO diabetes_records (uuid, user_id, record_type, glucose_mgdl, glucose_context, insulin_type, insulin_units,
    hba1c_percent, medication_name, medication_dose, notes, recorded_at, created_at, updated_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(record_type), sqlc.narg(glucose_mgdl), sqlc.narg(glucose_context),
    sqlc.arg(insulin_type), sqlc.narg(insulin_units), sqlc.narg(hba1c_percent), sqlc.arg(medication_name),
    sqlc.arg(medication_dose), sqlc.arg(notes), sqlc.arg(recorded_at), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING *;

-- name: GetDiabetesRecord :one
-- A patient's own record; another user's id finds nothing.
SELECT * FROM diabetes_records WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: UpdateDiabetesRecord :execrows
UPDATE diabetes_records SET
    glucose_mgdl = sqlc.narg(glucose_mgdl),
    glucose_context = sqlc.narg(glucose_context),
    insulin_type = sqlc.arg(insulin_type),
    insulin_units = sqlc.narg(insulin_units),
    hba1c_percent = sqlc.narg(hba1c_percent),
    medication_name = sqlc.arg(medication_name),
    medication_dose = sqlc.arg(medication_dose),
    notes = sqlc.arg(notes),
    recorded_at = sqlc.arg(recorded_at),
    updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteDiabetesRecord :execrows
DELETE FROM diabetes_records WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: ListDiabetesRecords :many
-- History, newest first; record_type NULL lists every type. One row more than shown
-- tells the page there is an older page.
SELECT * FROM diabetes_records
WHERE user_id = sqlc.arg(user_id)
  AND (CAST(sqlc.narg(record_type) AS TEXT) IS NULL OR record_type = CAST(sqlc.narg(record_type) AS TEXT))
  AND recorded_at < sqlc.arg(before)
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: ListGlucoseSince :many
-- Glucose readings from a time on, oldest first: the statistics, chart and trend.
SELECT id, recorded_at, glucose_mgdl, glucose_context FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND record_type = 'glucose' AND recorded_at >= sqlc.arg(since)
ORDER BY recorded_at, id;

-- name: ListHbA1c :many
-- Lab HbA1c results, newest first.
SELECT id, recorded_at, hba1c_percent FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND record_type = 'hba1c'
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: InsertDiabetesRecord :execrows
-- The logbook's one insert of a record (internal/records/logbook): idempotent on the
-- client's uuid, so a retried sync batch or a double-tapped form stores it once
-- (0 rows: that uuid is already stored, by this user or another).
INSERT INTO diabetes_records (uuid, user_id, record_type, glucose_mgdl, glucose_context, insulin_type, insulin_units,
    hba1c_percent, medication_name, medication_dose, notes, recorded_at, created_at, updated_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(record_type), sqlc.narg(glucose_mgdl), sqlc.narg(glucose_context),
    sqlc.arg(insulin_type), sqlc.narg(insulin_units), sqlc.narg(hba1c_percent), sqlc.arg(medication_name),
    sqlc.arg(medication_dose), sqlc.arg(notes), sqlc.arg(recorded_at), sqlc.arg(created_at), sqlc.arg(created_at))
ON CONFLICT (uuid) DO NOTHING;
