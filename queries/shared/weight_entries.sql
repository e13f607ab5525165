-- name: CreateWeightEntry :one
INSERT INTO weight_entries (uuid, user_id, weight_kg, recorded_at, created_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(weight_kg), sqlc.arg(recorded_at), sqlc.arg(created_at))
RETURNING *;

-- name: ListWeightEntries :many
-- Weigh-ins, newest first.
SELECT * FROM weight_entries WHERE user_id = sqlc.arg(user_id)
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: DeleteWeightEntry :execrows
DELETE FROM weight_entries WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: SyncUserWeight :exec
-- The profile's weight is the latest weigh-in (unchanged when there is none).
UPDATE users SET
    weight_kg = COALESCE((SELECT w.weight_kg FROM weight_entries w WHERE w.user_id = sqlc.arg(id)
                          ORDER BY w.recorded_at DESC, w.id DESC LIMIT 1), weight_kg),
    updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id);
