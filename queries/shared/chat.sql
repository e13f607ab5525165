-- name: ChatLexiconFoods :many
-- Every published food with its names: the assistant's lexicon, built once at start-up.
SELECT slug, name, local_names, category FROM food_items WHERE status = 'published' ORDER BY id;

-- name: ChatFoodBySlug :one
-- One published food by its key, with its current price: a chat log entry's food and cost.
SELECT f.id, f.name, f.measures, f.serving_grams, f.iron_mg, f.calcium_mg, f.vitamin_c_mg, f.potassium_mg, cp.price_ugx, cp.per_unit
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.slug = sqlc.arg(slug) AND f.status = 'published';

-- name: ChatCatalogFoods :many
-- Every published food with the nutrients and current price the assistant ranks and
-- compares foods by (cheapest protein, lowest glycaemic load, richest in iron).
SELECT f.slug, f.name, f.local_names, f.category, f.energy_kcal, f.protein_g, f.carb_g, f.fibre_g, f.iron_mg,
       f.calcium_mg, f.vitamin_c_mg, f.potassium_mg, f.glycaemic_index, f.serving_grams, cp.price_ugx, cp.per_unit
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published'
ORDER BY f.id;

-- name: ChatBudgetFoods :many
-- Published foods priced per kg whose usual serving costs at most max_cost UGX, cheapest
-- first: the pool the assistant builds meals within a budget from.
SELECT f.slug, f.name, f.category, f.serving_grams, f.glycaemic_index, f.diabetes_friendly, cp.price_ugx
FROM food_items f JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published' AND cp.per_unit = 'kg' AND cp.price_ugx * f.serving_grams / 1000.0 <= CAST(sqlc.arg(max_cost) AS REAL)
ORDER BY cp.price_ugx * f.serving_grams, f.id
LIMIT sqlc.arg(lim);

-- name: ChatSpendingByFood :many
-- What a patient's diary entries in [since, until) cost, per food, most expensive first.
SELECT f.name, CAST(COALESCE(SUM(fl.cost_ugx), 0) AS BIGINT) AS total_ugx, count(*) AS entries
FROM food_logs fl JOIN food_items f ON f.id = fl.food_item_id
WHERE fl.user_id = sqlc.arg(user_id) AND fl.consumed_at >= sqlc.arg(since) AND fl.consumed_at < sqlc.arg(until)
GROUP BY f.id, f.name
ORDER BY total_ugx DESC, f.name;

-- name: ChatCreateMessage :one
INSERT INTO chat_history (uuid, user_id, message, response, intent, entities, created_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(message), sqlc.arg(response), sqlc.arg(intent), sqlc.arg(entities),
    sqlc.arg(created_at))
RETURNING *;

-- name: ChatLatestMessage :one
-- The newest turn: its entities hold the conversation state the next turn starts from.
SELECT * FROM chat_history WHERE user_id = sqlc.arg(user_id) ORDER BY id DESC LIMIT 1;

-- name: ChatListMessages :many
-- A page of a patient's history older than before_id, newest first; one row more than
-- shown tells the page there is an earlier page.
SELECT * FROM chat_history WHERE user_id = sqlc.arg(user_id) AND id < sqlc.arg(before_id)
ORDER BY id DESC
LIMIT sqlc.arg(lim);

-- name: ChatConsumeState :execrows
-- Marks a turn's pending proposal as handled, only if nobody did it first (a double
-- "yes" saves once): compare-and-swap on the stored state.
UPDATE chat_history SET entities = sqlc.arg(new_entities)
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id) AND entities = sqlc.arg(old_entities);

-- name: ChatDeleteMessage :execrows
DELETE FROM chat_history WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: ChatDeleteAll :execrows
DELETE FROM chat_history WHERE user_id = sqlc.arg(user_id);
