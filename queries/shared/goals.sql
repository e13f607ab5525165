-- name: CreateGoal :one
INSERT INTO goals (user_id, goal_type, title, target_value, start_value, unit, target_date, status, set_by, created_at, updated_at)
VALUES (sqlc.arg(user_id), sqlc.arg(goal_type), sqlc.arg(title), sqlc.arg(target_value), sqlc.arg(start_value),
    sqlc.arg(unit), sqlc.narg(target_date), 'active', sqlc.narg(set_by), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING *;

-- name: GetGoal :one
SELECT * FROM goals WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: ListGoalsWithLatest :many
-- A patient's goals with the latest progress value of each, in one query; active
-- goals first. only_active limits the list to active goals (the dashboard).
SELECT g.id, g.user_id, g.goal_type, g.title, g.target_value, g.start_value, g.unit, g.target_date, g.status,
       g.created_at, g.updated_at, g.completed_at,
       p.value AS latest_value, p.recorded_at AS latest_at
FROM goals g
LEFT JOIN goal_progress p ON p.id = (
    SELECT p2.id FROM goal_progress p2 WHERE p2.goal_id = g.id
    ORDER BY p2.recorded_at DESC, p2.id DESC LIMIT 1)
WHERE g.user_id = sqlc.arg(user_id) AND (NOT sqlc.arg(only_active) OR g.status = 'active')
ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END, g.created_at DESC, g.id DESC;

-- name: SetGoalStatus :execrows
UPDATE goals SET status = sqlc.arg(status), completed_at = sqlc.narg(completed_at), updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteGoal :execrows
DELETE FROM goals WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: CreateGoalProgress :one
INSERT INTO goal_progress (uuid, goal_id, user_id, value, note, source, recorded_at, created_at)
VALUES (sqlc.arg(uuid), sqlc.arg(goal_id), sqlc.arg(user_id), sqlc.arg(value), sqlc.arg(note), sqlc.arg(source),
    sqlc.arg(recorded_at), sqlc.arg(created_at))
RETURNING *;

-- name: ListGoalProgress :many
SELECT * FROM goal_progress WHERE goal_id = sqlc.arg(goal_id) AND user_id = sqlc.arg(user_id)
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: DeleteGoalProgress :execrows
DELETE FROM goal_progress WHERE id = sqlc.arg(id) AND goal_id = sqlc.arg(goal_id) AND user_id = sqlc.arg(user_id);

-- name: DeleteAutoProgressSince :exec
-- Glucose goals keep one automatic entry a day: the day's entry is replaced.
DELETE FROM goal_progress
WHERE goal_id = sqlc.arg(goal_id) AND user_id = sqlc.arg(user_id) AND source = 'auto' AND recorded_at >= sqlc.arg(since);

-- name: InsertGoalProgress :execrows
-- The logbook's one insert of a progress entry typed by hand: idempotent on the
-- client's uuid (a retried sync stores it once).
INSERT INTO goal_progress (uuid, goal_id, user_id, value, note, source, recorded_at, created_at)
VALUES (sqlc.arg(uuid), sqlc.arg(goal_id), sqlc.arg(user_id), sqlc.arg(value), sqlc.arg(note), 'manual',
    sqlc.arg(recorded_at), sqlc.arg(created_at))
ON CONFLICT (uuid) DO NOTHING;
