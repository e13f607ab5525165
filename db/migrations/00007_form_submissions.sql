-- +goose Up
-- Forms that create rows carry an idempotency key (a random hidden field rendered with the
-- form). The first post of a key is processed and its answer kept here; a replay of the
-- key (a retry on a bad connection, a double tap) gets the same answer and creates
-- nothing. state: pending while the first post is processed, done with its answer.
CREATE TABLE form_submissions (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idem_key   TEXT NOT NULL CHECK (length(idem_key) = 36),
    route      TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    answer     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

-- +goose Down
DROP TABLE form_submissions;
