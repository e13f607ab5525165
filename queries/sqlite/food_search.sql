-- name: SearchFoodCandidates :many
-- Typo-tolerant candidates: the query arrives as an FTS5 expression of its trigrams (built in
-- Go), so a misspelt word still matches on most of its trigrams. Go ranks them.
SELECT f.id, f.search_text, f.description
FROM food_fts JOIN food_items f ON f.id = food_fts.rowid
WHERE (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'))
  AND food_fts.doc MATCH sqlc.arg(query)
ORDER BY food_fts.rank, f.id
LIMIT sqlc.arg(lim);

-- name: ListFoodCardsByIDs :many
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.description, f.energy_kcal, f.protein_g, f.carb_g,
       f.fibre_g, f.fat_g, f.sugars_g, f.sodium_mg, f.glycaemic_index, f.serving_grams, f.measures,
       f.diabetes_friendly, f.weight_loss_friendly, f.weight_gain_friendly, f.status, f.owner_id,
       cp.price_ugx, cp.per_unit, cp.month AS price_month, cp.markets AS price_markets, cp.source AS price_source
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.id IN (sqlc.slice(ids));
