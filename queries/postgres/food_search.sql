-- name: SearchFoodCandidates :many
-- Typo-tolerant candidates: trigram word similarity over names and local names (pg_trgm,
-- threshold set per connection), or full-text matches in descriptions. Go ranks them.
SELECT f.id, f.search_text, f.description
FROM food_items f
WHERE (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'))
  AND (sqlc.arg(query)::text <% f.search_text
       OR to_tsvector('simple', f.description) @@ plainto_tsquery('simple', sqlc.arg(query)::text))
ORDER BY word_similarity(sqlc.arg(query)::text, f.search_text) DESC, f.id
LIMIT sqlc.arg(lim);

-- name: ListFoodCardsByIDs :many
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.description, f.energy_kcal, f.protein_g, f.carb_g,
       f.fibre_g, f.fat_g, f.sugars_g, f.sodium_mg, f.glycaemic_index, f.serving_grams, f.measures,
       f.diabetes_friendly, f.weight_loss_friendly, f.weight_gain_friendly, f.status, f.owner_id,
       cp.price_ugx, cp.per_unit, cp.month AS price_month, cp.markets AS price_markets
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.id = ANY(sqlc.arg(ids)::bigint[]);
