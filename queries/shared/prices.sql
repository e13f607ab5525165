-- name: UpsertMarket :one
INSERT INTO markets (wfp_market_id, name, region, district, latitude, longitude)
VALUES (sqlc.narg(wfp_market_id), sqlc.arg(name), sqlc.arg(region), sqlc.arg(district), sqlc.narg(latitude), sqlc.narg(longitude))
ON CONFLICT (wfp_market_id) DO UPDATE SET name = excluded.name, region = excluded.region, district = excluded.district,
    latitude = excluded.latitude, longitude = excluded.longitude
RETURNING id;

-- name: UpsertImportedPrice :exec
-- source_ref is the observation's natural key: the same observation re-imported (or revised
-- in a newer file) updates its row instead of adding one.
INSERT INTO food_prices (food_item_id, market_id, price_ugx, per_unit, price_type, source, source_ref, recorded_at, created_by, created_at)
VALUES (sqlc.arg(food_item_id), sqlc.narg(market_id), sqlc.arg(price_ugx), sqlc.arg(per_unit), sqlc.arg(price_type),
        'import', sqlc.arg(source_ref), sqlc.arg(recorded_at), NULL, sqlc.arg(created_at))
ON CONFLICT (source_ref, food_item_id) WHERE source_ref <> '' DO UPDATE SET price_ugx = excluded.price_ugx, market_id = excluded.market_id;

-- name: InsertManualPrice :one
INSERT INTO food_prices (food_item_id, market_id, price_ugx, per_unit, price_type, source, source_ref, recorded_at, created_by, created_at)
VALUES (sqlc.arg(food_item_id), sqlc.narg(market_id), sqlc.arg(price_ugx), sqlc.arg(per_unit), sqlc.arg(price_type),
        sqlc.arg(source), '', sqlc.arg(recorded_at), sqlc.narg(created_by), sqlc.arg(created_at))
RETURNING id;

-- name: CountFoodPrices :one
SELECT count(*) FROM food_prices;

-- name: ListRetailPrices :many
-- Every retail price (optionally of one food), for recomputing current prices in Go.
SELECT p.food_item_id, p.market_id, p.price_ugx, p.per_unit, p.source, p.recorded_at,
       COALESCE(m.region, '') AS market_admin1
FROM food_prices p LEFT JOIN markets m ON m.id = p.market_id
WHERE p.price_type = 'retail' AND (CAST(sqlc.narg(food_item_id) AS BIGINT) IS NULL OR p.food_item_id = CAST(sqlc.narg(food_item_id) AS BIGINT))
ORDER BY p.food_item_id, p.recorded_at;

-- name: UpsertCurrentPrice :exec
INSERT INTO food_current_prices (food_item_id, price_ugx, per_unit, month, markets, market_id, source, updated_at)
VALUES (sqlc.arg(food_item_id), sqlc.arg(price_ugx), sqlc.arg(per_unit), sqlc.arg(month), sqlc.arg(markets), sqlc.narg(market_id),
        sqlc.arg(source), sqlc.arg(updated_at))
ON CONFLICT (food_item_id) DO UPDATE SET price_ugx = excluded.price_ugx, per_unit = excluded.per_unit, month = excluded.month,
    markets = excluded.markets, market_id = excluded.market_id, source = excluded.source, updated_at = excluded.updated_at;

-- name: ListPriceHistory :many
SELECT p.id, p.price_ugx, p.per_unit, p.price_type, p.source, p.recorded_at, p.market_id,
       COALESCE(m.name, '') AS market_name, COALESCE(m.district, '') AS market_district,
       COALESCE(m.region, '') AS market_admin1
FROM food_prices p LEFT JOIN markets m ON m.id = p.market_id
WHERE p.food_item_id = sqlc.arg(food_item_id)
ORDER BY p.recorded_at, p.id;

-- name: ListMarkets :many
SELECT * FROM markets ORDER BY name;

-- name: ListFoodsForPriceEstimate :many
-- Published foods with what the cooked-price estimate needs (foods.EstimateCookedPrices).
SELECT f.id, f.slug, f.name, f.protein_g, f.carb_g, f.fibre_g,
       cp.price_ugx, cp.per_unit, cp.month, cp.markets, cp.source
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id
WHERE f.status = 'published'
ORDER BY f.id;

-- name: DeleteEstimatedPrices :exec
DELETE FROM food_current_prices WHERE source LIKE 'estimate:%';

-- name: UpsertRegionPrice :exec
INSERT INTO food_region_prices (food_item_id, region, price_ugx, per_unit, month, markets, market_id, source, updated_at)
VALUES (sqlc.arg(food_item_id), sqlc.arg(region), sqlc.arg(price_ugx), sqlc.arg(per_unit), sqlc.arg(month), sqlc.arg(markets),
        sqlc.narg(market_id), sqlc.arg(source), sqlc.arg(updated_at))
ON CONFLICT (food_item_id, region) DO UPDATE SET price_ugx = excluded.price_ugx, per_unit = excluded.per_unit, month = excluded.month,
    markets = excluded.markets, market_id = excluded.market_id, source = excluded.source, updated_at = excluded.updated_at;

-- name: DeleteRegionPricesOfFood :exec
DELETE FROM food_region_prices WHERE food_item_id = sqlc.arg(food_item_id);

-- name: DeleteAllRegionPrices :exec
DELETE FROM food_region_prices;

-- name: ListRegionPrices :many
-- A region's current prices, with the market's name when one market gives the price.
SELECT rp.food_item_id, rp.price_ugx, rp.per_unit, rp.month, rp.markets, rp.source, COALESCE(m.name, '') AS market_name
FROM food_region_prices rp LEFT JOIN markets m ON m.id = rp.market_id
WHERE rp.region = sqlc.arg(region);
