-- One linked patient's data as the dietitian sees it (issue 8). Read-only copies of the
-- tracking reads, named Care*, so the two features evolve independently.

-- name: CareGetLinkedPatient :one
SELECT l.id AS link_id, l.shares, l.accepted_at,
       u.id, u.username, u.first_name, u.last_name, u.birth_date, u.gender, u.height_cm, u.weight_kg,
       u.activity_level, u.diabetes_type, u.primary_goal, u.monthly_budget_ugx, u.time_zone,
       r.last_reviewed_at, CAST(coalesce(r.tags, '') AS TEXT) AS tags
FROM care_links l
JOIN users u ON u.id = l.patient_id
LEFT JOIN care_roster r ON r.dietitian_id = l.dietitian_id AND r.patient_id = l.patient_id
WHERE l.patient_id = sqlc.arg(patient_id) AND l.dietitian_id = sqlc.arg(dietitian_id) AND l.status = 'active';

-- name: CareListGlucose :many
SELECT recorded_at, glucose_mgdl, glucose_context
FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND record_type = 'glucose'
  AND recorded_at >= sqlc.arg(from_at) AND recorded_at < sqlc.arg(to_at)
ORDER BY recorded_at;

-- name: CareListRecords :many
SELECT * FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND recorded_at >= sqlc.arg(from_at) AND recorded_at < sqlc.arg(to_at)
ORDER BY recorded_at DESC, id DESC
LIMIT sqlc.arg(lim);

-- name: CareListHbA1c :many
SELECT recorded_at, hba1c_percent FROM diabetes_records
WHERE user_id = sqlc.arg(user_id) AND record_type = 'hba1c'
ORDER BY recorded_at DESC
LIMIT sqlc.arg(lim);

-- name: CareListDiary :many
SELECT f.id, f.consumed_at, f.meal_type, f.grams, f.cost_ugx,
       i.name, i.local_names, i.energy_kcal, i.carb_g, i.protein_g, i.fat_g, i.fibre_g,
       i.sugars_g, i.sodium_mg, i.glycaemic_index
FROM food_logs f JOIN food_items i ON i.id = f.food_item_id
WHERE f.user_id = sqlc.arg(user_id) AND f.consumed_at >= sqlc.arg(from_at) AND f.consumed_at < sqlc.arg(to_at)
ORDER BY f.consumed_at, f.id;

-- name: CareListWeights :many
SELECT recorded_at, weight_kg FROM weight_entries
WHERE user_id = sqlc.arg(user_id) AND recorded_at >= sqlc.arg(from_at) AND recorded_at < sqlc.arg(to_at)
ORDER BY recorded_at;

-- name: CareListGoals :many
SELECT g.id, g.goal_type, g.title, g.target_value, g.start_value, g.unit, g.target_date, g.status,
       g.set_by, g.created_at, CAST(coalesce(s.username, '') AS TEXT) AS set_by_username
FROM goals g LEFT JOIN users s ON s.id = g.set_by
WHERE g.user_id = sqlc.arg(user_id)
ORDER BY CASE g.status WHEN 'active' THEN 0 ELSE 1 END, g.created_at DESC
LIMIT 50;

-- name: CareCreateGoal :one
INSERT INTO goals (user_id, goal_type, title, target_value, start_value, unit, target_date, status, set_by, created_at, updated_at)
VALUES (sqlc.arg(user_id), sqlc.arg(goal_type), sqlc.arg(title), sqlc.arg(target_value), sqlc.arg(start_value),
        sqlc.arg(unit), sqlc.narg(target_date), 'active', sqlc.arg(set_by), sqlc.arg(created_at), sqlc.arg(created_at))
RETURNING *;

-- name: CareListRecommendations :many
SELECT r.id, r.meal_type, r.rec_type, r.reasoning, r.serving_grams, r.meal_suggestion, r.status, r.created_at,
       i.name AS food_name, i.local_names AS food_local_names,
       CAST(coalesce(a.username, '') AS TEXT) AS author_username,
       CAST(coalesce(a.first_name, '') AS TEXT) AS author_first_name
FROM recommendations r
JOIN food_items i ON i.id = r.food_item_id
LEFT JOIN users a ON a.id = r.created_by
WHERE r.user_id = sqlc.arg(user_id) AND (r.rec_type = 'dietitian' OR sqlc.arg(include_app) = 1)
ORDER BY r.created_at DESC, r.id DESC
LIMIT sqlc.arg(lim);

-- name: CareCreateRecommendation :one
INSERT INTO recommendations (user_id, food_item_id, meal_type, rec_type, confidence, score, reasoning, serving_grams,
                             meal_suggestion, status, created_by, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(food_item_id), sqlc.arg(meal_type), 'dietitian', 1, 0, sqlc.arg(reasoning),
        sqlc.arg(serving_grams), sqlc.arg(meal_suggestion), 'pending', sqlc.arg(created_by), sqlc.arg(created_at))
RETURNING *;

-- name: CareListFoodChoices :many
SELECT id, name, local_names, serving_grams FROM food_items WHERE status = 'published' ORDER BY name;

-- name: CareGetFood :one
SELECT id, name, local_names, serving_grams FROM food_items WHERE id = sqlc.arg(id) AND status = 'published';

-- name: CareListNotes :many
SELECT n.id, n.body, n.created_at, n.author_id, CAST(coalesce(u.username, '') AS TEXT) AS author_username
FROM care_notes n LEFT JOIN users u ON u.id = n.author_id
WHERE n.patient_id = sqlc.arg(patient_id)
ORDER BY n.created_at DESC, n.id DESC
LIMIT sqlc.arg(lim);

-- name: CareCreateNote :one
INSERT INTO care_notes (patient_id, author_id, body, created_at)
VALUES (sqlc.arg(patient_id), sqlc.arg(author_id), sqlc.arg(body), sqlc.arg(created_at))
RETURNING *;
