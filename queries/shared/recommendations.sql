-- Recommendations and the meal planner (issue 5). Every query is prefixed Rec.

-- name: RecListFoods :many
-- Published foods with their current price: the candidates of the recommender and planner.
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.energy_kcal, f.protein_g, f.carb_g, f.fibre_g, f.fat_g,
       f.sugars_g, f.sodium_mg, f.glycaemic_index, f.serving_grams, f.measures,
       cp.price_ugx, cp.per_unit, cp.source AS price_source, cp.month AS price_month
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published'
ORDER BY f.id;

-- name: RecUserSignature :one
-- Changes whenever the user's diary changes (an entry added, edited or deleted): part of
-- the cache key of their recommendations, so other pages need not invalidate it.
SELECT CAST(count(*) AS BIGINT) AS entries, CAST(COALESCE(max(id), 0) AS BIGINT) AS last_id,
       CAST(COALESCE(sum(grams), 0) AS REAL) AS grams,
       CAST(COALESCE(sum(id * CASE meal_type WHEN 'breakfast' THEN 1 WHEN 'lunch' THEN 2 WHEN 'dinner' THEN 3 ELSE 4 END), 0) AS BIGINT) AS meals
FROM food_logs WHERE user_id = sqlc.arg(user_id);

-- name: RecFoodCounts :many
-- How often the user logged each food since a time.
SELECT food_item_id, CAST(count(*) AS BIGINT) AS times
FROM food_logs
WHERE user_id = sqlc.arg(user_id) AND consumed_at >= sqlc.arg(since)
GROUP BY food_item_id;

-- name: RecFeedbackCounts :many
-- The user's answers to earlier recommendations, per food.
SELECT food_item_id,
       CAST(sum(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS accepted,
       CAST(sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS BIGINT) AS rejected
FROM recommendations
WHERE user_id = sqlc.arg(user_id) AND status <> 'pending'
GROUP BY food_item_id;

-- name: RecListDisliked :many
SELECT d.food_item_id, f.name, f.local_names, d.created_at
FROM disliked_foods d JOIN food_items f ON f.id = d.food_item_id
WHERE d.user_id = sqlc.arg(user_id)
ORDER BY f.name;

-- name: RecAddDisliked :exec
INSERT INTO disliked_foods (user_id, food_item_id, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(created_at))
ON CONFLICT (user_id, food_item_id) DO NOTHING;

-- name: RecRemoveDisliked :execrows
DELETE FROM disliked_foods WHERE user_id = sqlc.arg(user_id) AND food_item_id = sqlc.arg(food_item_id);

-- name: RecListPendingSince :many
-- The app's unanswered recommendations made since a time (today), to update rather than repeat.
SELECT id, food_item_id, meal_type
FROM recommendations
WHERE user_id = sqlc.arg(user_id) AND status = 'pending' AND rec_type <> 'dietitian' AND created_at >= sqlc.arg(since)
ORDER BY id;

-- name: RecInsert :one
INSERT INTO recommendations (user_id, food_item_id, meal_type, rec_type, confidence, score, reasoning, serving_grams,
                             estimated_cost_ugx, meal_suggestion, model_version, features_used, status, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(meal_type), sqlc.arg(rec_type), sqlc.arg(confidence),
        sqlc.arg(score), sqlc.arg(reasoning), sqlc.arg(serving_grams), sqlc.narg(estimated_cost_ugx),
        sqlc.arg(meal_suggestion), sqlc.arg(model_version), sqlc.arg(features_used), 'pending', sqlc.arg(created_at))
RETURNING id;

-- name: RecRefresh :exec
-- Brings a pending recommendation up to date (same food and meal, shown again today).
UPDATE recommendations SET rec_type = sqlc.arg(rec_type), confidence = sqlc.arg(confidence), score = sqlc.arg(score),
    reasoning = sqlc.arg(reasoning), serving_grams = sqlc.arg(serving_grams),
    estimated_cost_ugx = sqlc.narg(estimated_cost_ugx), meal_suggestion = sqlc.arg(meal_suggestion),
    model_version = sqlc.arg(model_version), features_used = sqlc.arg(features_used)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id) AND status = 'pending';

-- name: RecGet :one
SELECT r.id, r.food_item_id, r.meal_type, r.rec_type, r.confidence, r.reasoning, r.serving_grams, r.estimated_cost_ugx,
       r.meal_suggestion, r.model_version, r.status, r.created_at, f.name AS food_name
FROM recommendations r JOIN food_items f ON f.id = r.food_item_id
WHERE r.id = sqlc.arg(id) AND r.user_id = sqlc.arg(user_id);

-- name: RecRespond :execrows
UPDATE recommendations SET status = sqlc.arg(status), responded_at = sqlc.arg(responded_at)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id) AND status = 'pending';

-- name: RecHistory :many
SELECT r.id, r.food_item_id, r.meal_type, r.rec_type, r.confidence, r.reasoning, r.serving_grams, r.estimated_cost_ugx,
       r.model_version, r.status, r.created_at, r.responded_at, f.name AS food_name, f.local_names
FROM recommendations r JOIN food_items f ON f.id = r.food_item_id
WHERE r.user_id = sqlc.arg(user_id)
ORDER BY r.created_at DESC, r.id DESC
LIMIT sqlc.arg(lim);

-- name: RecGetFoodForLog :many
-- The foods of a planned meal, for logging it: published foods only, with their price.
SELECT f.id, f.slug, f.category, f.name, cp.price_ugx, cp.per_unit
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published' AND f.id IN (sqlc.slice(ids));

-- name: RecTrainUsers :many
-- Patients with their profile, for training the recommender.
SELECT id, diabetes_type, primary_goal, monthly_budget_ugx, birth_date, gender, height_cm, weight_kg, activity_level
FROM users WHERE role = 'patient' ORDER BY id;

-- name: RecTrainLogs :many
-- Every patient's diary entries (positives for training).
SELECT fl.user_id, f.slug, fl.meal_type, fl.consumed_at
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id JOIN users u ON u.id = fl.user_id
WHERE u.role = 'patient'
ORDER BY fl.user_id, fl.consumed_at, fl.id;

-- name: RecTrainAnswers :many
-- Every answered recommendation (accepted: positive; rejected: negative).
SELECT r.user_id, f.slug, r.meal_type, r.status, r.created_at, r.responded_at
FROM recommendations r JOIN food_items f ON f.id = r.food_item_id
WHERE r.status <> 'pending'
ORDER BY r.user_id, r.id;

-- name: RecTrainDisliked :many
SELECT d.user_id, f.slug FROM disliked_foods d JOIN food_items f ON f.id = d.food_item_id ORDER BY d.user_id;
