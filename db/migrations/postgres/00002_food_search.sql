-- +goose Up
-- Food search: pg_trgm nearest-neighbour matching over names, local names and descriptions; and each food's current price, recomputed after every price change.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE food_items ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- What candidates are found by: names, local names and the description. A GiST trigram
-- index answers "the nearest documents by word similarity" (<->>) without a scan.
ALTER TABLE food_items ADD COLUMN search_doc TEXT GENERATED ALWAYS AS (search_text || ' ' || lower(description)) STORED;
CREATE INDEX food_items_search_trgm_idx ON food_items USING gist (search_doc gist_trgm_ops);
CREATE INDEX food_items_status_idx ON food_items (status, category);

CREATE TABLE food_current_prices (
    food_item_id BIGINT PRIMARY KEY REFERENCES food_items (id) ON DELETE CASCADE,
    price_ugx    DOUBLE PRECISION NOT NULL CHECK (price_ugx > 0),
    per_unit     TEXT NOT NULL CHECK (per_unit IN ('kg', 'l', 'unit')),
    month        TIMESTAMPTZ NOT NULL,
    markets      BIGINT NOT NULL DEFAULT 1,
    market_id    BIGINT REFERENCES markets (id) ON DELETE SET NULL,
    source       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE food_current_prices;
DROP INDEX food_items_status_idx;
DROP INDEX food_items_search_trgm_idx;
ALTER TABLE food_items DROP COLUMN search_doc;
ALTER TABLE food_items DROP COLUMN search_text;
