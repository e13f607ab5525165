-- name: RotateAllSessionKeys :execrows
-- Ends every session of every user (after a restore).
UPDATE users SET session_key = lower(hex(randomblob(16)));
