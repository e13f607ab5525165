-- +goose Up
-- Recommendations: foods a patient marked "not for me" (never recommended again until
-- they undo it), and an index for the recommendation history and today's pending list.
CREATE TABLE disliked_foods (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    food_item_id BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, food_item_id)
);
CREATE INDEX recommendations_user_status_idx ON recommendations (user_id, status, created_at);

-- +goose Down
DROP INDEX recommendations_user_status_idx;
DROP TABLE disliked_foods;
