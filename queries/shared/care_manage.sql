-- Care links between patients and dietitians, dietitians' share codes (issue 8).

-- name: CareCreateLink :one
-- A link made again between the same two people keeps the patient's last sharing choice;
-- shares is the choice of a first link.
INSERT INTO care_links (patient_id, dietitian_id, status, invited_by, shares, created_at, accepted_at)
VALUES (sqlc.arg(patient_id), sqlc.arg(dietitian_id), sqlc.arg(status), sqlc.narg(invited_by),
        COALESCE((SELECT prev.shares FROM care_links prev
                  WHERE prev.patient_id = sqlc.arg(patient_id) AND prev.dietitian_id = sqlc.arg(dietitian_id)
                  ORDER BY prev.created_at DESC, prev.id DESC LIMIT 1), CAST(sqlc.arg(shares) AS TEXT)),
        sqlc.arg(created_at), sqlc.narg(accepted_at))
RETURNING *;

-- name: CareGetOpenLink :one
SELECT * FROM care_links
WHERE patient_id = sqlc.arg(patient_id) AND dietitian_id = sqlc.arg(dietitian_id) AND status <> 'ended';

-- name: CareGetLink :one
SELECT * FROM care_links WHERE id = sqlc.arg(id);

-- name: CareAcceptLink :execrows
UPDATE care_links SET status = 'active', accepted_at = sqlc.arg(accepted_at)
WHERE id = sqlc.arg(id) AND dietitian_id = sqlc.arg(dietitian_id) AND status = 'pending';

-- name: CareActivateLink :execrows
UPDATE care_links SET status = 'active', accepted_at = sqlc.arg(accepted_at)
WHERE id = sqlc.arg(id) AND status = 'pending';

-- name: CareEndLinkFor :execrows
-- Either side ends its own link (a pending one too: declining or withdrawing).
UPDATE care_links SET status = 'ended', ended_at = sqlc.arg(ended_at)
WHERE id = sqlc.arg(id) AND status <> 'ended'
  AND (patient_id = sqlc.arg(user_id) OR dietitian_id = sqlc.arg(user_id));

-- name: CareEndLinkByID :execrows
UPDATE care_links SET status = 'ended', ended_at = sqlc.arg(ended_at)
WHERE id = sqlc.arg(id) AND status <> 'ended';

-- name: CareSetShares :execrows
UPDATE care_links SET shares = sqlc.arg(shares)
WHERE id = sqlc.arg(id) AND patient_id = sqlc.arg(patient_id) AND status <> 'ended';

-- name: CareListLinksForPatient :many
SELECT l.id, l.status, l.shares, l.invited_by, l.created_at, l.accepted_at,
       u.id AS dietitian_id, u.username, u.first_name, u.last_name
FROM care_links l JOIN users u ON u.id = l.dietitian_id
WHERE l.patient_id = sqlc.arg(patient_id) AND l.status <> 'ended'
ORDER BY l.created_at DESC, l.id DESC;

-- name: CareListPendingForDietitian :many
SELECT l.id, l.status, l.invited_by, l.created_at,
       u.id AS patient_id, u.username, u.first_name, u.last_name
FROM care_links l JOIN users u ON u.id = l.patient_id
WHERE l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'pending'
ORDER BY l.created_at DESC, l.id DESC;

-- name: CareCountActiveForDietitian :one
SELECT count(*) AS n FROM care_links WHERE dietitian_id = sqlc.arg(dietitian_id) AND status = 'active';

-- name: CareListOpenLinks :many
-- The administrator's list of open links, newest first.
SELECT l.id, l.status, l.created_at, l.accepted_at,
       p.id AS patient_id, p.username AS patient_username,
       d.id AS dietitian_id, d.username AS dietitian_username
FROM care_links l
JOIN users p ON p.id = l.patient_id
JOIN users d ON d.id = l.dietitian_id
WHERE l.status <> 'ended'
ORDER BY l.created_at DESC, l.id DESC
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CareCountOpenLinks :one
SELECT count(*) AS n FROM care_links WHERE status <> 'ended';

-- name: CareGetUserByUsername :one
SELECT * FROM users WHERE lower(username) = lower(sqlc.arg(username));

-- name: CareGetCode :one
SELECT * FROM care_codes WHERE dietitian_id = sqlc.arg(dietitian_id);

-- name: CareSetCode :one
INSERT INTO care_codes (dietitian_id, code, created_at)
VALUES (sqlc.arg(dietitian_id), sqlc.arg(code), sqlc.arg(created_at))
ON CONFLICT (dietitian_id) DO UPDATE SET code = excluded.code, created_at = excluded.created_at
RETURNING *;

-- name: CareGetDietitianByCode :one
SELECT u.id, u.username, u.first_name, u.last_name
FROM care_codes c JOIN users u ON u.id = c.dietitian_id
WHERE c.code = sqlc.arg(code) AND u.role = 'dietitian';

-- name: CareListAccessLog :many
-- What other people (dietitians, administrators) did with a patient's data.
SELECT a.id, a.action, a.detail, a.created_at,
       CAST(coalesce(u.username, '') AS TEXT) AS actor_username,
       CAST(coalesce(u.role, '') AS TEXT) AS actor_role
FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
WHERE a.subject_user_id = sqlc.arg(subject_user_id)
  AND (a.actor_id IS NULL OR a.actor_id <> a.subject_user_id)
ORDER BY a.created_at DESC, a.id DESC
LIMIT sqlc.arg(lim);
