-- +goose Up
-- Patient tracking: saved meals ("recipes" a patient logs in one step) and their items.
-- The diary, diabetes records, weigh-ins and goals use the tables of 00001 as they are.
CREATE TABLE saved_meals (
    id         BIGSERIAL PRIMARY KEY,
    uuid       UUID NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    meal_type  TEXT NOT NULL CHECK (meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX saved_meals_user_idx ON saved_meals (user_id, name);

CREATE TABLE saved_meal_items (
    id            BIGSERIAL PRIMARY KEY,
    saved_meal_id BIGINT NOT NULL REFERENCES saved_meals (id) ON DELETE CASCADE,
    food_item_id  BIGINT NOT NULL REFERENCES food_items (id) ON DELETE RESTRICT,
    grams         DOUBLE PRECISION NOT NULL CHECK (grams > 0 AND grams <= 5000),
    measure_label TEXT NOT NULL DEFAULT '',
    quantity      DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (quantity > 0 AND quantity <= 100)
);
CREATE INDEX saved_meal_items_meal_idx ON saved_meal_items (saved_meal_id);
CREATE INDEX saved_meal_items_food_idx ON saved_meal_items (food_item_id);

-- The diary's "recent and frequent foods" count logs per user and food.
CREATE INDEX food_logs_user_food_idx ON food_logs (user_id, food_item_id);

-- +goose Down
DROP INDEX food_logs_user_food_idx;
DROP TABLE saved_meal_items;
DROP TABLE saved_meals;
