-- name: InsertPriceReport :one
INSERT INTO price_reports (user_id, food_item_id, quantity, unit, grams, price_ugx, unit_price_ugx, per_unit, market_id, place,
                           observed_on, status, flag, demo, region, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(quantity), sqlc.arg(unit), sqlc.arg(grams), sqlc.arg(price_ugx),
        sqlc.arg(unit_price_ugx), sqlc.arg(per_unit), sqlc.narg(market_id), sqlc.arg(place), sqlc.arg(observed_on), 'pending',
        sqlc.arg(flag), sqlc.arg(demo), sqlc.arg(region), sqlc.arg(created_at))
RETURNING id;

-- name: CountPriceReportsSince :one
-- Reports a user sent since a time: the per-day rate limit.
SELECT count(*) FROM price_reports WHERE user_id = sqlc.arg(user_id) AND created_at >= sqlc.arg(since);

-- name: LockPriceReporter :exec
-- Takes the reporter's row lock (PostgreSQL) or the write lock (SQLite) before the
-- per-day count, so that parallel reports of one user cannot all pass the limit.
UPDATE users SET updated_at = updated_at WHERE id = sqlc.arg(user_id);

-- name: IsPriceReporterBanned :one
SELECT count(*) FROM price_reporter_bans WHERE user_id = sqlc.arg(user_id);

-- name: BanPriceReporter :exec
INSERT INTO price_reporter_bans (user_id, banned_by, created_at) VALUES (sqlc.arg(user_id), sqlc.narg(banned_by), sqlc.arg(created_at))
ON CONFLICT (user_id) DO NOTHING;

-- name: RejectPriceReportsOfUser :execrows
UPDATE price_reports SET status = 'rejected', moderated_by = sqlc.narg(moderated_by), moderated_at = sqlc.arg(moderated_at)
WHERE user_id = sqlc.arg(user_id) AND status <> 'rejected';

-- name: ListPriceReportsForAggregation :many
-- Reports that count (not rejected, reporter not banned), optionally of one food.
SELECT r.id, r.user_id, r.food_item_id, r.unit_price_ugx, r.per_unit, r.market_id, r.place, r.observed_on, r.demo,
       r.status, r.flag, COALESCE(m.wfp_market_id, 0) AS wfp_market_id, r.region, COALESCE(m.region, '') AS market_admin1
FROM price_reports r LEFT JOIN markets m ON m.id = r.market_id
WHERE r.status <> 'rejected'
  AND NOT EXISTS (SELECT 1 FROM price_reporter_bans b WHERE b.user_id = r.user_id)
  AND (CAST(sqlc.narg(food_item_id) AS BIGINT) IS NULL OR r.food_item_id = CAST(sqlc.narg(food_item_id) AS BIGINT))
ORDER BY r.food_item_id, r.observed_on, r.id;

-- name: SetPriceReportFlag :exec
UPDATE price_reports SET flag = sqlc.arg(flag) WHERE id = sqlc.arg(id) AND status = 'pending';

-- name: GetPriceReport :one
SELECT * FROM price_reports WHERE id = sqlc.arg(id);

-- name: ModeratePriceReport :execrows
UPDATE price_reports SET status = sqlc.arg(status), moderated_by = sqlc.narg(moderated_by), moderated_at = sqlc.arg(moderated_at)
WHERE id = sqlc.arg(id);

-- name: ListFlaggedPriceReports :many
-- The moderation queue: pending reports with a reason to look at them, newest first.
SELECT r.id, r.user_id, r.food_item_id, r.quantity, r.unit, r.grams, r.price_ugx, r.unit_price_ugx, r.per_unit, r.place,
       r.observed_on, r.flag, r.demo, r.created_at, u.username, f.name AS food_name, COALESCE(m.name, '') AS market_name
FROM price_reports r
JOIN users u ON u.id = r.user_id
JOIN food_items f ON f.id = r.food_item_id
LEFT JOIN markets m ON m.id = r.market_id
WHERE r.status = 'pending' AND r.flag <> ''
ORDER BY r.created_at DESC, r.id DESC
LIMIT sqlc.arg(lim);

-- name: ListPriceReportsOfFood :many
SELECT r.id, r.unit_price_ugx, r.per_unit, r.place, r.observed_on, r.status, r.demo, COALESCE(m.name, '') AS market_name
FROM price_reports r LEFT JOIN markets m ON m.id = r.market_id
WHERE r.food_item_id = sqlc.arg(food_item_id) AND r.status <> 'rejected'
ORDER BY r.observed_on DESC, r.id DESC
LIMIT sqlc.arg(lim);

-- name: UpsertTentativePrice :exec
INSERT INTO food_tentative_prices (food_item_id, price_ugx, per_unit, observed_on, source, updated_at)
VALUES (sqlc.arg(food_item_id), sqlc.arg(price_ugx), sqlc.arg(per_unit), sqlc.arg(observed_on), sqlc.arg(source), sqlc.arg(updated_at))
ON CONFLICT (food_item_id) DO UPDATE SET price_ugx = excluded.price_ugx, per_unit = excluded.per_unit,
    observed_on = excluded.observed_on, source = excluded.source, updated_at = excluded.updated_at;

-- name: DeleteTentativePrice :exec
DELETE FROM food_tentative_prices WHERE food_item_id = sqlc.arg(food_item_id);

-- name: DeleteAllTentativePrices :exec
DELETE FROM food_tentative_prices;

-- name: GetTentativePrice :one
SELECT * FROM food_tentative_prices WHERE food_item_id = sqlc.arg(food_item_id);

-- name: ListCurrentPriceFoods :many
-- Foods with a current price of their own (not an estimate).
SELECT food_item_id FROM food_current_prices WHERE source NOT LIKE 'estimate:%';

-- name: DeleteCurrentPrice :exec
DELETE FROM food_current_prices WHERE food_item_id = sqlc.arg(food_item_id);

-- name: ListCurrentPricesForCoverage :many
SELECT cp.food_item_id, cp.source, cp.month FROM food_current_prices cp
JOIN food_items f ON f.id = cp.food_item_id WHERE f.status = 'published';

-- name: CountTentativePrices :one
SELECT count(*) FROM food_tentative_prices t JOIN food_items f ON f.id = t.food_item_id
WHERE f.status = 'published' AND NOT EXISTS (SELECT 1 FROM food_current_prices cp WHERE cp.food_item_id = t.food_item_id);

-- name: CountFoodLogsSince :one
SELECT count(*) FROM food_logs WHERE consumed_at >= sqlc.arg(since);

-- name: CountFoodLogsWithCurrentPriceSince :one
-- Diary entries since a time whose food has a current price dated on or after fresh_since.
SELECT count(*) FROM food_logs l JOIN food_current_prices cp ON cp.food_item_id = l.food_item_id
WHERE l.consumed_at >= sqlc.arg(since) AND cp.month >= sqlc.arg(fresh_since);
