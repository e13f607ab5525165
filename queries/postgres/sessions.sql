-- name: RotateAllSessionKeys :execrows
-- Ends every session of every user (after a restore).
UPDATE users SET session_key = md5(random()::text || clock_timestamp()::text || id::text);
