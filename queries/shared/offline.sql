-- The offline snapshot a patient's phone keeps, and the idempotent sync of writes made
-- offline (the client's UUID is the key: a retried batch inserts nothing twice).

-- name: OfflineDataVersion :one
-- A fingerprint of everything the snapshot holds: any insert, edit or delete of the user's
-- rows, of the food table or of current prices changes one of these figures.
SELECT
    CAST((SELECT COALESCE(CAST(u.updated_at AS TEXT), '') || '|' || COALESCE(CAST(u.last_sync AS TEXT), '') || '|' ||
          CAST(u.offline_mode_enabled AS TEXT) FROM users u WHERE u.id = sqlc.arg(user_id)) AS TEXT) AS user_stamp,
    CAST((SELECT count(*) FROM food_logs fl WHERE fl.user_id = sqlc.arg(user_id)) AS BIGINT) AS food_logs_n,
    CAST((SELECT COALESCE(CAST(max(fl.updated_at) AS TEXT), '') FROM food_logs fl WHERE fl.user_id = sqlc.arg(user_id)) AS TEXT) AS food_logs_at,
    CAST((SELECT count(*) FROM diabetes_records d WHERE d.user_id = sqlc.arg(user_id)) AS BIGINT) AS records_n,
    CAST((SELECT COALESCE(CAST(max(d.updated_at) AS TEXT), '') FROM diabetes_records d WHERE d.user_id = sqlc.arg(user_id)) AS TEXT) AS records_at,
    CAST((SELECT count(*) FROM goals g WHERE g.user_id = sqlc.arg(user_id)) AS BIGINT) AS goals_n,
    CAST((SELECT COALESCE(CAST(max(g.updated_at) AS TEXT), '') FROM goals g WHERE g.user_id = sqlc.arg(user_id)) AS TEXT) AS goals_at,
    CAST((SELECT count(*) FROM goal_progress p WHERE p.user_id = sqlc.arg(user_id)) AS BIGINT) AS progress_n,
    CAST((SELECT COALESCE(CAST(max(p.created_at) AS TEXT), '') FROM goal_progress p WHERE p.user_id = sqlc.arg(user_id)) AS TEXT) AS progress_at,
    CAST((SELECT count(*) FROM recommendations r WHERE r.user_id = sqlc.arg(user_id)) AS BIGINT) AS recs_n,
    CAST((SELECT COALESCE(CAST(max(COALESCE(r.responded_at, r.created_at)) AS TEXT), '') FROM recommendations r WHERE r.user_id = sqlc.arg(user_id)) AS TEXT) AS recs_at,
    CAST((SELECT count(*) FROM food_items f) AS BIGINT) AS foods_n,
    CAST((SELECT COALESCE(CAST(max(f.updated_at) AS TEXT), '') FROM food_items f) AS TEXT) AS foods_at,
    CAST((SELECT count(*) FROM food_current_prices cp) AS BIGINT) AS prices_n,
    CAST((SELECT COALESCE(CAST(max(cp.updated_at) AS TEXT), '') FROM food_current_prices cp) AS TEXT) AS prices_at;

-- name: OfflineFoods :many
-- Every food the user may log (published, or their own), with its current price.
SELECT f.id, f.name, f.local_names, f.category, f.energy_kcal, f.protein_g, f.carb_g, f.fibre_g, f.fat_g, f.sugars_g,
       f.glycaemic_index, f.serving_grams, f.measures, f.diabetes_friendly,
       cp.price_ugx, cp.per_unit, cp.month AS price_month
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired')
ORDER BY f.name, f.id;

-- name: OfflineFoodLogs :many
-- The user's diary from a time on, newest first, with what the offline pages show.
SELECT fl.id, fl.uuid, fl.food_item_id, fl.meal_type, fl.grams, fl.measure_label, fl.quantity, fl.cost_ugx, fl.consumed_at,
       f.name AS food_name, f.energy_kcal, f.carb_g
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.user_id = sqlc.arg(user_id) AND fl.consumed_at >= sqlc.arg(since)
ORDER BY fl.consumed_at DESC, fl.id DESC
LIMIT sqlc.arg(lim);

-- name: OfflineGlucose :many
SELECT id, uuid, glucose_mgdl, glucose_context, recorded_at FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND record_type = 'glucose' AND recorded_at >= sqlc.arg(since)
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: OfflineRecommendations :many
-- Recommendations still waiting for an answer, newest first.
SELECT r.id, r.food_item_id, f.name AS food_name, r.meal_type, r.reasoning, r.serving_grams, r.estimated_cost_ugx,
       r.meal_suggestion, r.rec_type, r.created_at
FROM recommendations r JOIN food_items f ON f.id = r.food_item_id
WHERE r.user_id = sqlc.arg(user_id) AND r.status = 'pending' AND r.created_at >= sqlc.arg(since)
ORDER BY r.created_at DESC, r.id DESC
LIMIT sqlc.arg(lim);

-- name: SetLastSync :exec
UPDATE users SET last_sync = sqlc.arg(last_sync) WHERE id = sqlc.arg(id);

-- name: SyncFoodLogByUUID :one
SELECT user_id, food_item_id, meal_type, grams, measure_label, quantity, consumed_at FROM food_logs WHERE uuid = sqlc.arg(uuid);

-- name: SyncRecordByUUID :one
SELECT user_id, record_type, glucose_mgdl, glucose_context, notes, recorded_at FROM diabetes_records WHERE uuid = sqlc.arg(uuid);

-- name: SyncGoalProgressByUUID :one
SELECT user_id, goal_id, value, note, recorded_at FROM goal_progress WHERE uuid = sqlc.arg(uuid);
