-- name: IsActiveCareLink :one
SELECT EXISTS (
    SELECT 1 FROM care_links
    WHERE patient_id = sqlc.arg(patient_id) AND dietitian_id = sqlc.arg(dietitian_id) AND status = 'active'
) AS linked;
