// Package static embeds the app's own assets (CSS, JavaScript, icons, htmx) so the binary
// serves everything itself: no CDN, nothing fetched at run time. URLs carry a content hash so
// browsers may cache them for a year and still see every change.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"sync"
)

//go:embed css js vendor icons
var FS embed.FS

// HTMXVersion is the pinned htmx release served from static/vendor (see Makefile: vendor-htmx).
const HTMXVersion = "2.0.11"

var (
	hashOnce sync.Once
	hashes   map[string]string
)

func computeHashes() {
	hashes = map[string]string{}
	_ = fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := FS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		hashes[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
}

// Hash is the content hash of an embedded file ("" if there is none).
func Hash(name string) string {
	hashOnce.Do(computeHashes)
	return hashes[path.Clean(name)]
}

// URL is the cache-busting URL of an embedded file, e.g. /static/css/app.css?v=3f2a….
func URL(name string) string {
	return "/static/" + name + "?v=" + Hash(name)
}

// All lists every embedded file with its hash (for the service worker's precache list).
func All() map[string]string {
	hashOnce.Do(computeHashes)
	out := make(map[string]string, len(hashes))
	for k, v := range hashes {
		out[k] = v
	}
	return out
}
