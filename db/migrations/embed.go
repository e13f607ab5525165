// Package migrations embeds the goose migrations of both engines. Each is written once, as
// NNNNN_name.sql in this folder; `make generate` (db/internal/migrategen) writes the
// postgres/ and sqlite/ copies that goose runs and sqlc reads. Migrations are added, never
// edited: a released migration is history.
package migrations

import "embed"

//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
