-- +goose Up
-- Prices by region (issue 16): a user's region of Uganda (UBOS's four: Central, Eastern,
-- Northern, Western; empty = not chosen), the region a price report was made in, and
-- each food's current price per region, worked out like the national one from the
-- region's markets and reports (internal/food/regions maps WFP districts to regions).
ALTER TABLE users ADD COLUMN price_region TEXT NOT NULL DEFAULT ''
    CHECK (price_region IN ('', 'Central', 'Eastern', 'Northern', 'Western'));
ALTER TABLE price_reports ADD COLUMN region TEXT NOT NULL DEFAULT '';

CREATE TABLE food_region_prices (
    food_item_id BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    region       TEXT NOT NULL,
    price_ugx    DOUBLE PRECISION NOT NULL CHECK (price_ugx > 0),
    per_unit     TEXT NOT NULL CHECK (per_unit IN ('kg', 'l', 'unit')),
    month        TIMESTAMPTZ NOT NULL,
    markets      BIGINT NOT NULL DEFAULT 1,
    market_id    BIGINT REFERENCES markets (id) ON DELETE SET NULL,
    source       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (food_item_id, region)
);
CREATE INDEX food_region_prices_region_idx ON food_region_prices (region);

-- +goose Down
DROP TABLE food_region_prices;
ALTER TABLE price_reports DROP COLUMN region;
ALTER TABLE users DROP COLUMN price_region;
