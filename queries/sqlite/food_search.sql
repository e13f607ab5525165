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
SELECT * FROM food_cards f
WHERE f.id IN (sqlc.slice(ids));
