-- name: CreateUser :one
INSERT INTO users (username, email, password_hash, role, first_name, last_name, glucose_unit, time_zone, created_at, updated_at)
VALUES (sqlc.arg(username), sqlc.arg(email), sqlc.arg(password_hash), sqlc.arg(role), sqlc.arg(first_name), sqlc.arg(last_name),
        sqlc.arg(glucose_unit), sqlc.arg(time_zone), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING *;

-- name: GetUser :one
SELECT * FROM users WHERE id = sqlc.arg(id);

-- name: GetUserByLogin :one
-- Login accepts a username or an email address, case-insensitively.
SELECT * FROM users
WHERE lower(username) = lower(sqlc.arg(login)) OR lower(email) = lower(sqlc.arg(login))
LIMIT 1;

-- name: UsernameOrEmailTaken :one
SELECT
    EXISTS (SELECT 1 FROM users u1 WHERE lower(u1.username) = lower(sqlc.arg(username)) AND u1.id <> sqlc.arg(except_id)) AS username_taken,
    EXISTS (SELECT 1 FROM users u2 WHERE lower(u2.email) = lower(sqlc.arg(email)) AND u2.id <> sqlc.arg(except_id)) AS email_taken;

-- name: UpdateProfile :one
UPDATE users SET
    email = sqlc.arg(email),
    first_name = sqlc.arg(first_name),
    last_name = sqlc.arg(last_name),
    birth_date = sqlc.narg(birth_date),
    gender = sqlc.narg(gender),
    height_cm = sqlc.narg(height_cm),
    weight_kg = sqlc.narg(weight_kg),
    activity_level = sqlc.narg(activity_level),
    diabetes_type = sqlc.arg(diabetes_type),
    primary_goal = sqlc.arg(primary_goal),
    monthly_budget_ugx = sqlc.narg(monthly_budget_ugx),
    price_region = COALESCE(sqlc.narg(price_region), price_region),
    glucose_unit = sqlc.arg(glucose_unit),
    time_zone = sqlc.arg(time_zone),
    offline_mode_enabled = sqlc.arg(offline_mode_enabled),
    language = sqlc.arg(language),
    updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: UpdatePasswordHash :exec
UPDATE users SET password_hash = sqlc.arg(password_hash), updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);

-- name: UpdateUserRole :exec
UPDATE users SET role = sqlc.arg(role), updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);

-- name: ListUsersByRole :many
SELECT * FROM users WHERE role = sqlc.arg(role) ORDER BY lower(username) LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountUsersByRole :many
SELECT role, count(*) AS n FROM users GROUP BY role ORDER BY role;

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = sqlc.arg(id);

-- name: SetSessionKey :exec
-- A new session key ends every session of the user (see handlers.loadUser).
UPDATE users SET session_key = sqlc.arg(session_key), updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);

-- name: UpdatePasswordAndSessionKey :exec
UPDATE users SET password_hash = sqlc.arg(password_hash), session_key = sqlc.arg(session_key), updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id);
