-- Idempotency keys of forms that create rows (migration 00007).

-- name: FormKeyClaim :execrows
INSERT INTO form_submissions (user_id, idem_key, route, state, answer, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(idem_key), sqlc.arg(route), 'pending', '', sqlc.arg(created_at))
ON CONFLICT (user_id, idem_key) DO NOTHING;

-- name: FormKeyTakeOver :execrows
-- A pending key whose first post never finished (the server stopped) is processed again.
UPDATE form_submissions SET created_at = sqlc.arg(created_at)
WHERE user_id = sqlc.arg(user_id) AND idem_key = sqlc.arg(idem_key) AND state = 'pending'
  AND created_at < sqlc.arg(stale_before);

-- name: FormKeyGet :one
SELECT route, state, answer FROM form_submissions
WHERE user_id = sqlc.arg(user_id) AND idem_key = sqlc.arg(idem_key);

-- name: FormKeyFinish :exec
UPDATE form_submissions SET state = 'done', answer = sqlc.arg(answer)
WHERE user_id = sqlc.arg(user_id) AND idem_key = sqlc.arg(idem_key);

-- name: FormKeyRelease :exec
-- The first post failed (invalid input, an error): the key may be used again.
DELETE FROM form_submissions
WHERE user_id = sqlc.arg(user_id) AND idem_key = sqlc.arg(idem_key) AND state = 'pending';

-- name: FormKeyPrune :exec
DELETE FROM form_submissions WHERE user_id = sqlc.arg(user_id) AND created_at < sqlc.arg(before);
