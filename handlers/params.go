package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/input"
)

// Every number read from a request's path or query string goes through these helpers:
// strict base-10 syntax (internal/input) and bounds, so an out-of-range or malformed
// value is a 400 with a message (a 404 for a path id), never an overflow further down.

// maxPage bounds ?page= everywhere: far beyond any real list, small enough that
// (page-1)*perPage cannot overflow.
const maxPage = 100_000

// queryInt reads an optional whole number from the query string in [min, max]; absent or
// empty gives def.
func queryInt(c *fiber.Ctx, name string, def, min, max int) (int, error) {
	raw := c.Query(name)
	if raw == "" {
		return def, nil
	}
	v, err := input.Int(raw, int64(min), int64(max))
	if err != nil {
		return 0, &HTTPError{Status: 400, Msg: fmt.Sprintf("The %s in the link must be a whole number from %d to %d.", name, min, max), Cause: err}
	}
	return int(v), nil
}

// pageParam reads ?page= (1 when absent).
func pageParam(c *fiber.Ctx) (int, error) { return queryInt(c, "page", 1, 1, maxPage) }

// idParam reads a positive row id from the path; anything else is a 404.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, ok := input.ID(c.Params(name))
	if !ok {
		return 0, errNotFound()
	}
	return id, nil
}

// safeNext is the one gate for a redirect target that came from the user (?next= at
// login): a path on this site, re-encoded, or "" (the caller then uses the role's home).
func safeNext(next string) string { return input.LocalPath(next) }
