-- name: InsertMealPhoto :execrows
-- A photo of a diary entry; idempotent on the phone's uuid (0 rows: it was stored before).
INSERT INTO meal_photos (uuid, user_id, food_log_id, width, height, bytes, thumb_bytes, created_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(food_log_id), sqlc.arg(width), sqlc.arg(height), sqlc.arg(bytes),
    sqlc.arg(thumb_bytes), sqlc.arg(created_at))
ON CONFLICT (uuid) DO NOTHING;

-- name: GetMealPhoto :one
-- A photo by its uuid, whoever owns it (the caller checks who may see it).
SELECT p.id, p.uuid, p.user_id, p.food_log_id, p.width, p.height, p.bytes, p.thumb_bytes, p.created_at
FROM meal_photos p WHERE p.uuid = sqlc.arg(uuid);

-- name: ListEntryPhotos :many
SELECT p.uuid, p.width, p.height, p.created_at
FROM meal_photos p WHERE p.food_log_id = sqlc.arg(food_log_id) AND p.user_id = sqlc.arg(user_id)
ORDER BY p.created_at, p.id;

-- name: CountEntryPhotos :one
SELECT count(*) FROM meal_photos WHERE food_log_id = sqlc.arg(food_log_id) AND user_id = sqlc.arg(user_id);

-- name: ListPhotosBetween :many
-- A patient's photos of the entries eaten in [since, until), with the entry they show.
SELECT p.uuid, p.food_log_id, p.width, p.height, fl.consumed_at, fl.meal_type, f.name AS food_name
FROM meal_photos p JOIN food_logs fl ON fl.id = p.food_log_id JOIN food_items f ON f.id = fl.food_item_id
WHERE p.user_id = sqlc.arg(user_id) AND fl.consumed_at >= sqlc.arg(since) AND fl.consumed_at < sqlc.arg(until)
ORDER BY fl.consumed_at, p.created_at, p.id;

-- name: ListUserPhotos :many
-- Every photo of a user, for the data export and for finding files without a row.
SELECT p.uuid, p.food_log_id, fl.uuid AS entry_uuid, p.width, p.height, p.bytes, p.created_at, fl.consumed_at
FROM meal_photos p JOIN food_logs fl ON fl.id = p.food_log_id
WHERE p.user_id = sqlc.arg(user_id)
ORDER BY p.created_at, p.id;

-- name: DeleteMealPhoto :execrows
DELETE FROM meal_photos WHERE uuid = sqlc.arg(uuid) AND user_id = sqlc.arg(user_id);

-- name: FoodLogIDByUUID :one
-- The id of a user's diary entry by the uuid the phone gave it.
SELECT id FROM food_logs WHERE uuid = sqlc.arg(uuid) AND user_id = sqlc.arg(user_id);
