-- +goose Up
-- Photos of diary entries. The pictures themselves are in the file store (ZOE_UPLOADS_DIR
-- or object storage) under <user_id>/photos/<uuid>.jpg and <uuid>.thumb.jpg; this row is
-- what they are and whose. uuid is made by the phone, so a photo queued offline and sent
-- twice is stored once. Deleting the entry or the account deletes the rows (the files are
-- deleted by the app).
CREATE TABLE meal_photos (
    id           BIGSERIAL PRIMARY KEY,
    uuid         UUID NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    food_log_id  BIGINT NOT NULL REFERENCES food_logs (id) ON DELETE CASCADE,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    bytes        INTEGER NOT NULL CHECK (bytes > 0),
    thumb_bytes  INTEGER NOT NULL CHECK (thumb_bytes > 0),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX meal_photos_food_log_idx ON meal_photos (food_log_id);
CREATE INDEX meal_photos_user_idx ON meal_photos (user_id);

-- +goose Down
DROP TABLE meal_photos;
