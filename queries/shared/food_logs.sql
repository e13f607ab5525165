-- name: ListDiaryBetween :many
-- A patient's diary entries in [since, until) with the food's nutrients, in one query.
SELECT fl.id, fl.food_item_id, fl.meal_type, fl.grams, fl.measure_label, fl.quantity, fl.cost_ugx, fl.consumed_at,
       f.name AS food_name, f.local_names, f.energy_kcal, f.carb_g, f.protein_g, f.fat_g, f.fibre_g, f.sugars_g,
       f.sodium_mg, f.glycaemic_index
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.user_id = sqlc.arg(user_id) AND fl.consumed_at >= sqlc.arg(since) AND fl.consumed_at < sqlc.arg(until)
ORDER BY fl.consumed_at, fl.id;

-- name: GetFoodLog :one
SELECT fl.id, fl.food_item_id, fl.meal_type, fl.grams, fl.measure_label, fl.quantity, fl.cost_ugx, fl.consumed_at,
       f.name AS food_name, f.measures
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.id = sqlc.arg(id) AND fl.user_id = sqlc.arg(user_id);

-- name: CreateFoodLog :one
INSERT INTO food_logs (uuid, user_id, food_item_id, meal_type, grams, measure_label, quantity, cost_ugx, consumed_at, created_at, updated_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(meal_type), sqlc.arg(grams), sqlc.arg(measure_label),
    sqlc.arg(quantity), sqlc.narg(cost_ugx), sqlc.arg(consumed_at), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING id;

-- name: UpdateFoodLog :execrows
UPDATE food_logs SET meal_type = sqlc.arg(meal_type), grams = sqlc.arg(grams), measure_label = sqlc.arg(measure_label),
    quantity = sqlc.arg(quantity), cost_ugx = sqlc.narg(cost_ugx), consumed_at = sqlc.arg(consumed_at), updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteFoodLog :execrows
DELETE FROM food_logs WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: ListFrequentFoods :many
-- The foods a patient logs most since a time, most often first, then most recently.
SELECT f.id, f.name, f.local_names, f.measures, count(*) AS times
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.user_id = sqlc.arg(user_id) AND fl.consumed_at >= sqlc.arg(since)
GROUP BY f.id, f.name, f.local_names, f.measures
ORDER BY count(*) DESC, max(fl.consumed_at) DESC, f.id
LIMIT sqlc.arg(lim);

-- name: ListRecentFoods :many
-- The foods of a patient's latest entries, newest first (duplicates removed in Go). The
-- latest entries are taken first, straight off the (user_id, consumed_at) index.
SELECT f.id, f.name, f.local_names, f.measures, fl.grams, fl.measure_label, fl.quantity, fl.meal_type
FROM (SELECT l.food_item_id, l.grams, l.measure_label, l.quantity, l.meal_type, l.consumed_at
      FROM food_logs l WHERE l.user_id = sqlc.arg(user_id)
      ORDER BY l.consumed_at DESC LIMIT sqlc.arg(lim)) fl
JOIN food_items f ON f.id = fl.food_item_id
ORDER BY fl.consumed_at DESC;

-- name: InsertFoodLog :execrows
-- The logbook's one insert of a diary entry: idempotent on the client's uuid.
INSERT INTO food_logs (uuid, user_id, food_item_id, meal_type, grams, measure_label, quantity, cost_ugx, consumed_at, created_at, updated_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(meal_type), sqlc.arg(grams), sqlc.arg(measure_label),
    sqlc.arg(quantity), sqlc.narg(cost_ugx), sqlc.arg(consumed_at), sqlc.arg(created_at), sqlc.arg(created_at))
ON CONFLICT (uuid) DO NOTHING;

-- name: LogbookFood :one
-- A food the user may log (published, or their own and not retired) with what an entry
-- needs: its household measures and its current price.
SELECT f.id, f.slug, f.category, f.name, f.measures, f.serving_grams, cp.price_ugx, cp.per_unit
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.id = sqlc.arg(id) AND (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'));
