-- +goose Up
-- Dietitian care: a code each dietitian can share so that patients link to them, the
-- dietitian's own roster bookkeeping per patient (last reviewed, free tags), and notes.

-- One shareable code per dietitian; a patient who enters it links to that dietitian.
CREATE TABLE care_codes (
    dietitian_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL
);

-- What a dietitian keeps about a patient on the roster; survives a link being ended and made again.
CREATE TABLE care_roster (
    dietitian_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    patient_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_reviewed_at TIMESTAMPTZ,
    tags             TEXT NOT NULL DEFAULT '' CHECK (length(tags) <= 300),
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dietitian_id, patient_id)
);

-- A dietitian's clinical notes about a patient (seen by dietitians linked to the patient).
CREATE TABLE care_notes (
    id           BIGSERIAL PRIMARY KEY,
    patient_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX care_notes_patient_created_idx ON care_notes (patient_id, created_at);
CREATE INDEX care_links_patient_idx ON care_links (patient_id, status);
-- The roster counts each linked patient's readings of the last weeks by band: this index
-- answers that from the index alone (index-only scan), one range per patient.
-- +engine postgres
CREATE INDEX care_glucose_roster_idx ON diabetes_records (user_id, recorded_at) INCLUDE (glucose_mgdl) WHERE record_type = 'glucose';
-- +engine sqlite
CREATE INDEX care_glucose_roster_idx ON diabetes_records (user_id, recorded_at, glucose_mgdl) WHERE record_type = 'glucose';
-- +engine all

-- +goose Down
DROP INDEX care_glucose_roster_idx;
DROP INDEX care_links_patient_idx;
DROP TABLE care_notes;
DROP TABLE care_roster;
DROP TABLE care_codes;
