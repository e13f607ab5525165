-- +goose Up
-- Food search: an FTS5 index with the trigram tokenizer over names and local names (typo
-- tolerant: a misspelt word still shares most of its trigrams) plus descriptions; and each
-- food's current price, recomputed after every price change.
ALTER TABLE food_items ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The same document as PostgreSQL's trigram index covers (FTS5 below indexes it).
ALTER TABLE food_items ADD COLUMN search_doc TEXT GENERATED ALWAYS AS (search_text || ' ' || lower(description)) VIRTUAL;
CREATE INDEX food_items_status_idx ON food_items (status, category);

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

CREATE TABLE food_current_prices (
    food_item_id INTEGER PRIMARY KEY REFERENCES food_items (id) ON DELETE CASCADE,
    price_ugx    REAL NOT NULL CHECK (price_ugx > 0),
    per_unit     TEXT NOT NULL CHECK (per_unit IN ('kg', 'l', 'unit')),
    month        DATETIME NOT NULL,
    markets      INTEGER NOT NULL DEFAULT 1,
    market_id    INTEGER REFERENCES markets (id) ON DELETE SET NULL,
    source       TEXT NOT NULL,
    updated_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE food_current_prices;
DROP TRIGGER food_items_fts_au;
DROP TRIGGER food_items_fts_ad;
DROP TRIGGER food_items_fts_ai;
DROP TABLE food_fts;
DROP INDEX food_items_status_idx;
ALTER TABLE food_items DROP COLUMN search_doc;
ALTER TABLE food_items DROP COLUMN search_text;
