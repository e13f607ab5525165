// Package migrations embeds the goose migrations of both engines. Migrations are added,
// never edited: a released migration is history.
package migrations

import "embed"

//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
