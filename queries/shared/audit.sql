-- name: InsertAudit :exec
INSERT INTO audit_log (actor_id, subject_user_id, action, detail, ip, created_at)
VALUES (sqlc.narg(actor_id), sqlc.narg(subject_user_id), sqlc.arg(action), sqlc.arg(detail), sqlc.arg(ip), sqlc.arg(created_at));

-- name: ListAuditForSubject :many
SELECT a.id, a.actor_id, a.subject_user_id, a.action, a.detail, a.ip, a.created_at,
       coalesce(u.username, '') AS actor_username
FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
WHERE a.subject_user_id = sqlc.arg(subject_user_id)
ORDER BY a.created_at DESC, a.id DESC
LIMIT sqlc.arg(lim);
