-- name: DeleteAllSessions :execrows
-- The database session store (no Redis): end every session (after a restore).
DELETE FROM sessions;

-- name: UpsertPasswordResetCode :exec
-- One code per user: a new one replaces the last.
INSERT INTO password_reset_codes (user_id, code_hash, created_by, created_at, expires_at)
VALUES (sqlc.arg(user_id), sqlc.arg(code_hash), sqlc.narg(created_by), sqlc.arg(created_at), sqlc.arg(expires_at))
ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, created_by = excluded.created_by,
    created_at = excluded.created_at, expires_at = excluded.expires_at;

-- name: UsePasswordResetCode :execrows
-- Single use: the code is deleted as it is used; 0 rows means wrong, used or expired.
DELETE FROM password_reset_codes
WHERE user_id = sqlc.arg(user_id) AND code_hash = sqlc.arg(code_hash) AND expires_at > sqlc.arg(now);
