-- +goose Up
-- Sessions are bound to a random key kept with the user: a session holds the key it began
-- with and is void once the key changes (password change or reset, account deletion, a
-- restore). A restore can reuse user ids, never these keys.
ALTER TABLE users ADD COLUMN session_key TEXT NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);

-- One-time password reset codes issued by an administrator: only a hash is stored; a code
-- expires and is used once (the row is deleted when used); one code per user at a time.
CREATE TABLE password_reset_codes (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE password_reset_codes;
ALTER TABLE users DROP COLUMN session_key;
