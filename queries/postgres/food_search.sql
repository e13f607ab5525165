-- name: SearchFoodCandidates :many
-- Typo-tolerant candidates: the documents nearest to the query by trigram word similarity
-- (pg_trgm's <->> distance, served by the GiST index). Go ranks them and drops weak ones.
SELECT f.id, f.search_text, f.description
FROM food_items f
WHERE (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'))
ORDER BY f.search_doc <->> sqlc.arg(query)::text
LIMIT sqlc.arg(lim);

-- name: ListFoodCardsByIDs :many
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.description, f.energy_kcal, f.protein_g, f.carb_g,
       f.fibre_g, f.fat_g, f.sugars_g, f.sodium_mg, f.glycaemic_index, f.serving_grams, f.measures,
       f.diabetes_friendly, f.weight_loss_friendly, f.weight_gain_friendly, f.status, f.owner_id,
       cp.price_ugx, cp.per_unit, cp.month AS price_month, cp.markets AS price_markets, cp.source AS price_source
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.id = ANY(sqlc.arg(ids)::bigint[]);
