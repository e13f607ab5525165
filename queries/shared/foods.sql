-- name: UpsertFoodItem :one
-- Curated foods are keyed by slug: re-importing the table updates rows in place.
INSERT INTO food_items (slug, name, local_names, category, description, energy_kcal, protein_g, carb_g, fibre_g, fat_g,
    sugars_g, sodium_mg, potassium_mg, calcium_mg, iron_mg, vitamin_c_mg, glycaemic_index, gi_source, serving_grams, measures,
    source, source_code, diabetes_friendly, weight_loss_friendly, weight_gain_friendly, status, owner_id, search_text,
    created_at, updated_at)
VALUES (sqlc.arg(slug), sqlc.arg(name), sqlc.arg(local_names), sqlc.arg(category), sqlc.arg(description),
    sqlc.arg(energy_kcal), sqlc.arg(protein_g), sqlc.arg(carb_g), sqlc.arg(fibre_g), sqlc.arg(fat_g), sqlc.narg(sugars_g),
    sqlc.arg(sodium_mg), sqlc.arg(potassium_mg), sqlc.arg(calcium_mg), sqlc.arg(iron_mg), sqlc.arg(vitamin_c_mg),
    sqlc.narg(glycaemic_index), sqlc.arg(gi_source), sqlc.arg(serving_grams), sqlc.arg(measures), sqlc.arg(source),
    sqlc.arg(source_code), sqlc.arg(diabetes_friendly), sqlc.arg(weight_loss_friendly), sqlc.arg(weight_gain_friendly),
    sqlc.arg(status), sqlc.narg(owner_id), sqlc.arg(search_text), sqlc.arg(now), sqlc.arg(now))
ON CONFLICT (slug) DO UPDATE SET
    name = excluded.name, local_names = excluded.local_names, category = excluded.category,
    description = excluded.description, energy_kcal = excluded.energy_kcal, protein_g = excluded.protein_g,
    carb_g = excluded.carb_g, fibre_g = excluded.fibre_g, fat_g = excluded.fat_g, sugars_g = excluded.sugars_g,
    sodium_mg = excluded.sodium_mg, potassium_mg = excluded.potassium_mg, calcium_mg = excluded.calcium_mg,
    iron_mg = excluded.iron_mg, vitamin_c_mg = excluded.vitamin_c_mg, glycaemic_index = excluded.glycaemic_index,
    gi_source = excluded.gi_source, serving_grams = excluded.serving_grams, measures = excluded.measures,
    source = excluded.source, source_code = excluded.source_code, diabetes_friendly = excluded.diabetes_friendly,
    weight_loss_friendly = excluded.weight_loss_friendly, weight_gain_friendly = excluded.weight_gain_friendly,
    status = excluded.status, owner_id = excluded.owner_id, search_text = excluded.search_text, updated_at = excluded.updated_at
RETURNING id;

-- name: GetFoodItem :one
SELECT * FROM food_items WHERE id = sqlc.arg(id);

-- name: GetFoodItemBySlug :one
SELECT * FROM food_items WHERE slug = sqlc.arg(slug);

-- name: GetFoodCard :one
-- A food as a viewer may see it (published, or their own), with its current price.
SELECT * FROM food_cards f
WHERE f.id = sqlc.arg(id) AND (f.status = 'published' OR f.owner_id = sqlc.arg(viewer_id));

-- name: ListFoodFacts :many
-- What browsing filters and sorts on, for every food a viewer may list (published, or their
-- own not retired), by name. catalog.Filter and catalog.sortCards apply the rules in Go, the
-- same for browsing and for a search's ranked hits; the page's cards are then loaded by id.
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.energy_kcal, f.protein_g, f.fibre_g, f.glycaemic_index,
       f.serving_grams, f.diabetes_friendly, f.price_ugx, f.per_unit
FROM food_cards f
WHERE (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'))
ORDER BY lower(f.name), f.id;

-- name: ListFoodCategories :many
SELECT category, count(*) AS n FROM food_items WHERE status = 'published' GROUP BY category ORDER BY category;

-- name: CountFoodItems :one
SELECT count(*) FROM food_items WHERE status = 'published';

-- name: DeleteRecipeItems :exec
DELETE FROM food_recipe_items WHERE food_item_id = sqlc.arg(food_item_id);

-- name: InsertRecipeItem :exec
INSERT INTO food_recipe_items (food_item_id, ingredient_id, grams) VALUES (sqlc.arg(food_item_id), sqlc.arg(ingredient_id), sqlc.arg(grams));

-- name: ListRecipeItems :many
SELECT r.ingredient_id, r.grams, f.name, f.slug FROM food_recipe_items r JOIN food_items f ON f.id = r.ingredient_id
WHERE r.food_item_id = sqlc.arg(food_item_id) ORDER BY r.grams DESC;

-- name: ListAlternativeCandidates :many
-- Foods of the same category that have a price: the pool for "cheaper alternatives".
SELECT * FROM food_cards f
WHERE f.price_ugx IS NOT NULL AND f.status = 'published' AND f.category = sqlc.arg(category) AND f.id <> sqlc.arg(id) AND f.per_unit IN ('kg', 'l')
ORDER BY f.id;

-- name: SetFoodStatus :execrows
UPDATE food_items SET status = sqlc.arg(status), updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);

-- name: ListFoodsByStatus :many
SELECT f.id, f.slug, f.name, f.category, f.status, f.source, f.updated_at, COALESCE(u.username, '') AS owner_username
FROM food_items f LEFT JOIN users u ON u.id = f.owner_id
WHERE f.status = sqlc.arg(status)
ORDER BY f.updated_at DESC, f.id
LIMIT sqlc.arg(lim);

-- name: ListFoodsForExport :many
SELECT * FROM food_items WHERE status IN ('published', 'retired') ORDER BY slug;

-- name: ListPublishedFoodNames :many
SELECT id, slug, name FROM food_items WHERE status = 'published' ORDER BY name;
