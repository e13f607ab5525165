-- name: CareAuditLinkedPatients :exec
-- One audit row per listed patient who is actively linked to the dietitian, in one statement.
INSERT INTO audit_log (actor_id, subject_user_id, action, detail, ip, created_at)
SELECT l.dietitian_id, l.patient_id, sqlc.arg(action), sqlc.arg(detail), sqlc.arg(ip), sqlc.arg(created_at)
FROM care_links l
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active'
  AND l.patient_id = ANY(sqlc.arg(patient_ids)::bigint[]);
