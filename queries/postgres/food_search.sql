-- name: SearchFoodCandidates :many
-- Typo-tolerant candidates: the documents nearest to the query by trigram word similarity
-- (pg_trgm's <->> distance, served by the GiST index). Go ranks them and drops weak ones.
SELECT f.id, f.search_text, f.description
FROM food_items f
WHERE (f.status = 'published' OR (f.owner_id = sqlc.arg(viewer_id) AND f.status <> 'retired'))
ORDER BY f.search_doc <->> sqlc.arg(query)::text
LIMIT sqlc.arg(lim);

-- name: ListFoodCardsByIDs :many
SELECT * FROM food_cards f
WHERE f.id = ANY(sqlc.arg(ids)::bigint[]);
