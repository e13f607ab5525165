-- +goose Up
-- Sessions are bound to a random key kept with the user: a session holds the key it began
-- with and is void once the key changes (password change or reset, account deletion, a
-- +engine postgres
-- restore). A restore can reuse user ids, never these keys.
ALTER TABLE users ADD COLUMN session_key TEXT NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);
-- +engine sqlite
-- restore). A restore can reuse user ids, never these keys. SQLite cannot add a column
-- with a random default, so a trigger gives every new user one.
ALTER TABLE users ADD COLUMN session_key TEXT NOT NULL DEFAULT '';
UPDATE users SET session_key = lower(hex(randomblob(16)));
-- +goose StatementBegin
CREATE TRIGGER users_session_key AFTER INSERT ON users WHEN NEW.session_key = ''
BEGIN
    UPDATE users SET session_key = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +engine all

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
-- +engine sqlite
DROP TRIGGER users_session_key;
-- +engine all
ALTER TABLE users DROP COLUMN session_key;
