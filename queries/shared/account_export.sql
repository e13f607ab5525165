-- Everything a user may download about themselves ("own data"), one query per table.

-- name: ExportDiabetesRecords :many
SELECT * FROM diabetes_records WHERE user_id = sqlc.arg(user_id) ORDER BY recorded_at, id;

-- name: ExportFoodLogs :many
SELECT fl.id, fl.uuid, fl.food_item_id, f.name AS food_name, fl.meal_type, fl.grams, fl.measure_label, fl.quantity,
       fl.cost_ugx, fl.consumed_at, fl.created_at, fl.updated_at
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.user_id = sqlc.arg(user_id) ORDER BY fl.consumed_at, fl.id;

-- name: ExportWeightEntries :many
SELECT * FROM weight_entries WHERE user_id = sqlc.arg(user_id) ORDER BY recorded_at, id;

-- name: ExportGoals :many
SELECT * FROM goals WHERE user_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: ExportGoalProgress :many
SELECT * FROM goal_progress WHERE user_id = sqlc.arg(user_id) ORDER BY recorded_at, id;

-- name: ExportSavedMeals :many
SELECT m.id AS meal_id, m.name, m.meal_type, m.created_at, i.food_item_id, f.name AS food_name, i.grams, i.measure_label, i.quantity
FROM saved_meals m JOIN saved_meal_items i ON i.saved_meal_id = m.id JOIN food_items f ON f.id = i.food_item_id
WHERE m.user_id = sqlc.arg(user_id) ORDER BY m.id, i.id;

-- name: ExportRecommendations :many
SELECT * FROM recommendations WHERE user_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: ExportChatHistory :many
SELECT * FROM chat_history WHERE user_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: ExportCareLinks :many
SELECT * FROM care_links WHERE patient_id = sqlc.arg(user_id) OR dietitian_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: ExportAudit :many
SELECT id, actor_id, subject_user_id, action, detail, created_at FROM audit_log
WHERE subject_user_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: ExportOwnFoods :many
SELECT * FROM food_items WHERE owner_id = sqlc.arg(user_id) ORDER BY id;

-- name: DeleteUserFoodLogs :exec
-- Account deletion, first step: diary entries go before the user's own foods they may name.
DELETE FROM food_logs WHERE user_id = sqlc.arg(user_id);

-- name: DeleteUserSavedMeals :exec
DELETE FROM saved_meals WHERE user_id = sqlc.arg(user_id);
