-- name: CreateSavedMeal :one
INSERT INTO saved_meals (uuid, user_id, name, meal_type, created_at, updated_at)
VALUES (sqlc.arg(uuid), sqlc.arg(user_id), sqlc.arg(name), sqlc.arg(meal_type), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING *;

-- name: AddSavedMealItem :exec
INSERT INTO saved_meal_items (saved_meal_id, food_item_id, grams, measure_label, quantity)
VALUES (sqlc.arg(saved_meal_id), sqlc.arg(food_item_id), sqlc.arg(grams), sqlc.arg(measure_label), sqlc.arg(quantity));

-- name: ListSavedMealItems :many
-- Every item of a patient's saved meals (all meals in one query), by meal.
SELECT m.id AS meal_id, m.name AS meal_name, m.meal_type, i.id, i.food_item_id, i.grams, i.measure_label, i.quantity,
       f.name AS food_name, f.energy_kcal, f.carb_g
FROM saved_meals m
JOIN saved_meal_items i ON i.saved_meal_id = m.id
JOIN food_items f ON f.id = i.food_item_id
WHERE m.user_id = sqlc.arg(user_id)
ORDER BY lower(m.name), m.id, i.id;

-- name: ListSavedMealItemsFor :many
SELECT i.food_item_id, i.grams, i.measure_label, i.quantity
FROM saved_meal_items i JOIN saved_meals m ON m.id = i.saved_meal_id
WHERE m.id = sqlc.arg(id) AND m.user_id = sqlc.arg(user_id)
ORDER BY i.id;

-- name: GetSavedMeal :one
SELECT * FROM saved_meals WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteSavedMeal :execrows
DELETE FROM saved_meals WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);
