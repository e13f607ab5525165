-- +goose Up
-- The language pages are shown in: a code of internal/i18n.Supported ("en", "lg"), or ''
-- to follow the browser's Accept-Language.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN language;
