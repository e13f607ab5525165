-- +goose Up
-- +engine postgres
-- Food search: pg_trgm nearest-neighbour matching over names, local names and descriptions; and each food's current price, recomputed after every price change.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- +engine sqlite
-- Food search: an FTS5 index with the trigram tokenizer over names and local names (typo
-- tolerant: a misspelt word still shares most of its trigrams) plus descriptions; and each
-- food's current price, recomputed after every price change.
-- +engine all
ALTER TABLE food_items ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- +engine postgres
-- What candidates are found by: names, local names and the description. A GiST trigram
-- index answers "the nearest documents by word similarity" (<->>) without a scan.
ALTER TABLE food_items ADD COLUMN search_doc TEXT GENERATED ALWAYS AS (search_text || ' ' || lower(description)) STORED;
CREATE INDEX food_items_search_trgm_idx ON food_items USING gist (search_doc gist_trgm_ops);
-- +engine sqlite
-- The same document as PostgreSQL's trigram index covers (FTS5 below indexes it).
ALTER TABLE food_items ADD COLUMN search_doc TEXT GENERATED ALWAYS AS (search_text || ' ' || lower(description)) VIRTUAL;
-- +engine all
CREATE INDEX food_items_status_idx ON food_items (status, category);

-- +engine sqlite
-- The index keeps its own copy of the searchable text (names, local names, description).
CREATE VIRTUAL TABLE food_fts USING fts5(doc, tokenize = 'trigram');

-- +goose StatementBegin
CREATE TRIGGER food_items_fts_ai AFTER INSERT ON food_items BEGIN
    INSERT INTO food_fts (rowid, doc) VALUES (new.id, new.search_text || ' ' || new.description);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER food_items_fts_ad AFTER DELETE ON food_items BEGIN
    DELETE FROM food_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER food_items_fts_au AFTER UPDATE OF search_text, description ON food_items BEGIN
    DELETE FROM food_fts WHERE rowid = old.id;
    INSERT INTO food_fts (rowid, doc) VALUES (new.id, new.search_text || ' ' || new.description);
END;
-- +goose StatementEnd

-- +engine all
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
-- +engine sqlite
DROP TRIGGER food_items_fts_au;
DROP TRIGGER food_items_fts_ad;
DROP TRIGGER food_items_fts_ai;
DROP TABLE food_fts;
-- +engine all
DROP INDEX food_items_status_idx;
-- +engine postgres
DROP INDEX food_items_search_trgm_idx;
-- +engine all
ALTER TABLE food_items DROP COLUMN search_doc;
ALTER TABLE food_items DROP COLUMN search_text;
