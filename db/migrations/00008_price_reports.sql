-- +goose Up
-- Prices users report paying (issue 16): what was bought, converted to a price per kg or
-- litre, where and when. They feed each food's current price through the robust
-- aggregation (internal/food/pricereports); admins moderate flagged ones.
CREATE TABLE price_reports (
    id             BIGSERIAL PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    food_item_id   BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    quantity       DOUBLE PRECISION NOT NULL CHECK (quantity > 0),
    unit           TEXT NOT NULL,
    grams          DOUBLE PRECISION NOT NULL CHECK (grams > 0 AND grams <= 100000),
    price_ugx      DOUBLE PRECISION NOT NULL CHECK (price_ugx > 0 AND price_ugx < 10000000),
    unit_price_ugx DOUBLE PRECISION NOT NULL CHECK (unit_price_ugx > 0),
    per_unit       TEXT NOT NULL CHECK (per_unit IN ('kg', 'l')),
    market_id      BIGINT REFERENCES markets (id) ON DELETE SET NULL,
    place          TEXT NOT NULL DEFAULT '',
    observed_on    TIMESTAMPTZ NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    flag           TEXT NOT NULL DEFAULT '',
    demo           BOOLEAN NOT NULL DEFAULT FALSE,
    moderated_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    moderated_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX price_reports_food_observed_idx ON price_reports (food_item_id, observed_on);
CREATE INDEX price_reports_user_created_idx ON price_reports (user_id, created_at);
CREATE INDEX price_reports_status_idx ON price_reports (status, created_at);

-- Reporters whose reports no longer count (an admin's decision; audited).
CREATE TABLE price_reporter_bans (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    banned_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A price only user reports put forward, from fewer than three people: shown as
-- tentative on the food's page, never used as a market price.
CREATE TABLE food_tentative_prices (
    food_item_id BIGINT PRIMARY KEY REFERENCES food_items (id) ON DELETE CASCADE,
    price_ugx    DOUBLE PRECISION NOT NULL CHECK (price_ugx > 0),
    per_unit     TEXT NOT NULL,
    observed_on  TIMESTAMPTZ NOT NULL,
    source       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE food_tentative_prices;
DROP TABLE price_reporter_bans;
DROP TABLE price_reports;
