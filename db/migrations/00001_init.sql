-- +goose Up
-- +engine postgres
-- The whole schema of the storage design. Times are UTC (timestamptz), money is whole UGX,
-- +engine sqlite
-- The whole schema of the storage design. Times are UTC (DATETIME, written by Go in UTC), money is whole UGX,
-- +engine all
-- nutrient figures are per 100 g edible portion. Rows users create carry a client-made
-- UUID so that offline writes sync idempotently.

CREATE TABLE users (
    id                   BIGSERIAL PRIMARY KEY,
    username             TEXT NOT NULL,
    email                TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL DEFAULT 'patient' CHECK (role IN ('patient', 'dietitian', 'admin')),
    first_name           TEXT NOT NULL DEFAULT '',
    last_name            TEXT NOT NULL DEFAULT '',
    birth_date           DATE,
    gender               TEXT CHECK (gender IN ('female', 'male', 'other')),
    height_cm            DOUBLE PRECISION CHECK (height_cm BETWEEN 50 AND 250),
    weight_kg            DOUBLE PRECISION CHECK (weight_kg BETWEEN 2 AND 400),
    activity_level       TEXT CHECK (activity_level IN ('sedentary', 'light', 'moderate', 'active', 'very_active')),
    diabetes_type        TEXT NOT NULL DEFAULT 'none' CHECK (diabetes_type IN ('none', 'type1', 'type2', 'prediabetes', 'gestational')),
    primary_goal         TEXT NOT NULL DEFAULT 'eat_healthy' CHECK (primary_goal IN ('lose_weight', 'gain_weight', 'maintain_weight', 'glucose_control', 'eat_healthy')),
    monthly_budget_ugx   BIGINT CHECK (monthly_budget_ugx BETWEEN 0 AND 100000000),
    glucose_unit         TEXT NOT NULL DEFAULT 'mmol/L' CHECK (glucose_unit IN ('mmol/L', 'mg/dL')),
    time_zone            TEXT NOT NULL DEFAULT 'Africa/Kampala',
    offline_mode_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    last_sync            TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_role_idx ON users (role);

-- Markets of the WFP price monitoring (and any a user names).
CREATE TABLE markets (
    id            BIGSERIAL PRIMARY KEY,
    wfp_market_id BIGINT UNIQUE,
    name          TEXT NOT NULL,
    region        TEXT NOT NULL DEFAULT '',
    district      TEXT NOT NULL DEFAULT '',
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION
);

CREATE TABLE food_items (
    id                   BIGSERIAL PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    local_names          TEXT NOT NULL DEFAULT '',
    category             TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    energy_kcal          DOUBLE PRECISION NOT NULL CHECK (energy_kcal BETWEEN 0 AND 900),
    protein_g            DOUBLE PRECISION NOT NULL CHECK (protein_g BETWEEN 0 AND 100),
    carb_g               DOUBLE PRECISION NOT NULL CHECK (carb_g BETWEEN 0 AND 100),
    fibre_g              DOUBLE PRECISION NOT NULL CHECK (fibre_g BETWEEN 0 AND 100),
    fat_g                DOUBLE PRECISION NOT NULL CHECK (fat_g BETWEEN 0 AND 100),
    sugars_g             DOUBLE PRECISION CHECK (sugars_g BETWEEN 0 AND 100), -- NULL: not reported by the source table
    sodium_mg            DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (sodium_mg BETWEEN 0 AND 40000),
    potassium_mg         DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (potassium_mg >= 0),
    calcium_mg           DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (calcium_mg >= 0),
    iron_mg              DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (iron_mg >= 0),
    vitamin_c_mg         DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (vitamin_c_mg >= 0),
    glycaemic_index      DOUBLE PRECISION CHECK (glycaemic_index BETWEEN 0 AND 150),
    gi_source            TEXT NOT NULL DEFAULT '',
    serving_grams        DOUBLE PRECISION NOT NULL DEFAULT 100 CHECK (serving_grams > 0),
    measures             TEXT NOT NULL DEFAULT '[]',
    source               TEXT NOT NULL,
    source_code          TEXT NOT NULL DEFAULT '',
    diabetes_friendly    BOOLEAN NOT NULL DEFAULT FALSE,
    weight_loss_friendly BOOLEAN NOT NULL DEFAULT FALSE,
    weight_gain_friendly BOOLEAN NOT NULL DEFAULT FALSE,
    status               TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'private', 'proposed', 'retired')),
    owner_id             BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX food_items_name_idx ON food_items (name);
CREATE INDEX food_items_category_idx ON food_items (category);
CREATE INDEX food_items_diabetes_friendly_idx ON food_items (diabetes_friendly);
CREATE INDEX food_items_owner_idx ON food_items (owner_id);

-- Ingredients of dishes and of users' own recipes (grams of each ingredient).
CREATE TABLE food_recipe_items (
    food_item_id  BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    ingredient_id BIGINT NOT NULL REFERENCES food_items (id) ON DELETE RESTRICT,
    grams         DOUBLE PRECISION NOT NULL CHECK (grams > 0 AND grams <= 10000),
    PRIMARY KEY (food_item_id, ingredient_id)
);

CREATE TABLE food_prices (
    id           BIGSERIAL PRIMARY KEY,
    food_item_id BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    market_id    BIGINT REFERENCES markets (id) ON DELETE SET NULL,
    price_ugx    DOUBLE PRECISION NOT NULL CHECK (price_ugx > 0 AND price_ugx < 10000000),
    per_unit     TEXT NOT NULL CHECK (per_unit IN ('kg', 'l', 'unit')),
    price_type   TEXT NOT NULL DEFAULT 'retail' CHECK (price_type IN ('retail', 'wholesale')),
    source       TEXT NOT NULL CHECK (source IN ('import', 'market_survey', 'user_report')),
    source_ref   TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMPTZ NOT NULL,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX food_prices_food_item_idx ON food_prices (food_item_id);
CREATE INDEX food_prices_recorded_at_idx ON food_prices (recorded_at);
CREATE INDEX food_prices_food_recorded_idx ON food_prices (food_item_id, recorded_at);
-- One row per imported observation: re-importing a file adds nothing twice.
CREATE UNIQUE INDEX food_prices_source_ref_key ON food_prices (source_ref, food_item_id) WHERE source_ref <> '';

CREATE TABLE food_logs (
    id            BIGSERIAL PRIMARY KEY,
    uuid          UUID NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    food_item_id  BIGINT NOT NULL REFERENCES food_items (id) ON DELETE RESTRICT,
    meal_type     TEXT NOT NULL CHECK (meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')),
    grams         DOUBLE PRECISION NOT NULL CHECK (grams > 0 AND grams <= 5000),
    measure_label TEXT NOT NULL DEFAULT '',
    quantity      DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (quantity > 0 AND quantity <= 100),
    cost_ugx      BIGINT CHECK (cost_ugx >= 0),
    consumed_at   TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX food_logs_user_idx ON food_logs (user_id);
CREATE INDEX food_logs_consumed_at_idx ON food_logs (consumed_at);
CREATE INDEX food_logs_user_consumed_idx ON food_logs (user_id, consumed_at);
CREATE INDEX food_logs_food_idx ON food_logs (food_item_id);

CREATE TABLE diabetes_records (
    id              BIGSERIAL PRIMARY KEY,
    uuid            UUID NOT NULL UNIQUE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    record_type     TEXT NOT NULL CHECK (record_type IN ('glucose', 'insulin', 'hba1c', 'medication', 'symptom', 'note')),
    glucose_mgdl    DOUBLE PRECISION CHECK (glucose_mgdl BETWEEN 20 AND 600),
    glucose_context TEXT CHECK (glucose_context IN ('fasting', 'before_meal', 'after_meal', 'bedtime', 'random')),
    insulin_type    TEXT NOT NULL DEFAULT '',
    insulin_units   DOUBLE PRECISION CHECK (insulin_units > 0 AND insulin_units <= 300),
    hba1c_percent   DOUBLE PRECISION CHECK (hba1c_percent BETWEEN 3 AND 20),
    medication_name TEXT NOT NULL DEFAULT '',
    medication_dose TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    recorded_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK (record_type <> 'glucose' OR glucose_mgdl IS NOT NULL),
    CHECK (record_type <> 'insulin' OR insulin_units IS NOT NULL),
    CHECK (record_type <> 'hba1c' OR hba1c_percent IS NOT NULL)
);
CREATE INDEX diabetes_records_user_idx ON diabetes_records (user_id);
CREATE INDEX diabetes_records_created_at_idx ON diabetes_records (created_at);
CREATE INDEX diabetes_records_type_idx ON diabetes_records (record_type);
CREATE INDEX diabetes_records_user_type_recorded_idx ON diabetes_records (user_id, record_type, recorded_at);

CREATE TABLE weight_entries (
    id          BIGSERIAL PRIMARY KEY,
    uuid        UUID NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    weight_kg   DOUBLE PRECISION NOT NULL CHECK (weight_kg BETWEEN 2 AND 400),
    recorded_at TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX weight_entries_user_recorded_idx ON weight_entries (user_id, recorded_at);

CREATE TABLE goals (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    goal_type    TEXT NOT NULL CHECK (goal_type IN ('lose_weight', 'gain_weight', 'maintain_weight', 'fasting_glucose', 'time_in_range', 'hba1c', 'daily_carbs', 'daily_budget')),
    title        TEXT NOT NULL DEFAULT '',
    target_value DOUBLE PRECISION NOT NULL,
    start_value  DOUBLE PRECISION NOT NULL,
    unit         TEXT NOT NULL,
    target_date  DATE,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'paused', 'abandoned')),
    set_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ
);
CREATE INDEX goals_user_idx ON goals (user_id);
CREATE INDEX goals_status_idx ON goals (status);
CREATE INDEX goals_user_status_idx ON goals (user_id, status);

CREATE TABLE goal_progress (
    id          BIGSERIAL PRIMARY KEY,
    uuid        UUID NOT NULL UNIQUE,
    goal_id     BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value       DOUBLE PRECISION NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'auto')),
    recorded_at TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX goal_progress_goal_recorded_idx ON goal_progress (goal_id, recorded_at);
CREATE INDEX goal_progress_user_idx ON goal_progress (user_id);

CREATE TABLE recommendations (
    id                 BIGSERIAL PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    food_item_id       BIGINT NOT NULL REFERENCES food_items (id) ON DELETE CASCADE,
    meal_type          TEXT NOT NULL CHECK (meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')),
    rec_type           TEXT NOT NULL CHECK (rec_type IN ('rule_based', 'ml_based', 'hybrid', 'dietitian')),
    confidence         DOUBLE PRECISION NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    score              DOUBLE PRECISION NOT NULL DEFAULT 0,
    reasoning          TEXT NOT NULL,
    serving_grams      DOUBLE PRECISION NOT NULL CHECK (serving_grams > 0),
    estimated_cost_ugx BIGINT CHECK (estimated_cost_ugx >= 0),
    meal_suggestion    TEXT NOT NULL DEFAULT '',
    model_version      TEXT NOT NULL DEFAULT '',
    features_used      TEXT NOT NULL DEFAULT '[]',
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    responded_at       TIMESTAMPTZ
);
CREATE INDEX recommendations_user_idx ON recommendations (user_id);
CREATE INDEX recommendations_created_at_idx ON recommendations (created_at);
CREATE INDEX recommendations_user_created_idx ON recommendations (user_id, created_at);

CREATE TABLE chat_history (
    id         BIGSERIAL PRIMARY KEY,
    uuid       UUID NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message    TEXT NOT NULL CHECK (length(message) <= 4000),
    response   TEXT NOT NULL,
    intent     TEXT NOT NULL DEFAULT '',
    entities   TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX chat_history_user_idx ON chat_history (user_id);
CREATE INDEX chat_history_created_at_idx ON chat_history (created_at);
CREATE INDEX chat_history_user_created_idx ON chat_history (user_id, created_at);

-- A dietitian sees a patient only through an active link.
CREATE TABLE care_links (
    id           BIGSERIAL PRIMARY KEY,
    patient_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dietitian_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'ended')),
    invited_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    shares       TEXT NOT NULL DEFAULT 'all',
    created_at   TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    ended_at     TIMESTAMPTZ,
    CHECK (patient_id <> dietitian_id)
);
CREATE UNIQUE INDEX care_links_open_pair_key ON care_links (patient_id, dietitian_id) WHERE status <> 'ended';
CREATE INDEX care_links_dietitian_idx ON care_links (dietitian_id, status);

CREATE TABLE audit_log (
    id              BIGSERIAL PRIMARY KEY,
    actor_id        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    subject_user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    ip              TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_subject_created_idx ON audit_log (subject_user_id, created_at);
CREATE INDEX audit_log_actor_created_idx ON audit_log (actor_id, created_at);

-- +engine postgres
-- The table scs's pgxstore expects (sessions without Redis).
-- +engine sqlite
-- The table scs's sqlite3store expects (sessions without Redis).
-- +engine all
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
-- +engine postgres
    expiry TIMESTAMPTZ NOT NULL
-- +engine sqlite
    expiry REAL NOT NULL
-- +engine all
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- +goose Down
DROP TABLE sessions;
DROP TABLE audit_log;
DROP TABLE care_links;
DROP TABLE chat_history;
DROP TABLE recommendations;
DROP TABLE goal_progress;
DROP TABLE goals;
DROP TABLE weight_entries;
DROP TABLE diabetes_records;
DROP TABLE food_logs;
DROP TABLE food_prices;
DROP TABLE food_recipe_items;
DROP TABLE food_items;
DROP TABLE markets;
DROP TABLE users;
