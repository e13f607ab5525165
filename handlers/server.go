// Package handlers is the HTTP layer: Fiber routes, thin handlers (parse → validate → call
// the domain or the store → render or redirect), sessions, CSRF and access control.
package handlers

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/photos"
)

// LoginLimiter throttles password checks per account and per client IP: Reserve counts
// an attempt atomically before the password is compared (see package throttle).
type LoginLimiter interface {
	Reserve(ctx context.Context, account, ip string) (throttle.Reservation, error)
}

// Deps is everything the handlers need, built once by the serve command.
type Deps struct {
	Config   config.Config
	DB       *db.DB
	Sessions *scs.SessionManager
	Cache    cache.Cache
	Limiter  LoginLimiter
	Catalog  *catalog.Catalog
	// Models holds the recommender's model, reloaded from Config.ModelsDir/recommender
	// (nil: a registry over that directory is opened, without watching it).
	Models *recommend.Registry
	Log    *slog.Logger
	// Metrics (optional) counts requests and serves /metrics; Disks measures the data directories.
	Metrics *metrics.Metrics
	Disks   *metrics.Disks
	// Ready checks extra dependencies for /readyz (Redis when configured).
	Ready func(ctx context.Context) error
	// SessionTouchInterval (0: DefaultSessionTouchInterval): an unchanged session is
	// written back at most this often.
	SessionTouchInterval time.Duration
	// Files keeps uploaded files (meal photos); nil: a folder store over Config.UploadsDir.
	Files blobstore.Store
}

// Server holds the dependencies the handlers share.
type Server struct {
	Deps
	chat chatRuntime // the assistant's lexicon and LLM client, built on first use
	// suggest ranks foods and plans days for patients (recommendations, plan pages).
	suggest *suggest.Service
	// book writes patients' logbooks (records, diary, weigh-ins, goal progress) with
	// every side effect: forms, /sync and the assistant all go through it.
	book *logbook.Book
	csrf csrfSigner // signs the forms' CSRF tokens
	// users keeps signed-in users in this server for a short while (userByID).
	users *cache.Local
	// album keeps meal photos (nil when the server has no file store).
	album *photos.Album
}

// New builds the Fiber app with every route.
func New(d Deps) *fiber.App {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Catalog == nil {
		d.Catalog = catalog.New(d.DB, d.Cache, d.Log)
	}
	if d.Models == nil {
		d.Models = recommend.NewRegistry(filepath.Join(d.Config.ModelsDir, "recommender"))
	}
	s := &Server{Deps: d, suggest: suggest.New(d.DB, d.Cache, d.Models, d.Log), users: cache.NewLocal(0, 0)}
	s.book = &logbook.Book{DB: d.DB, Cache: d.Cache, Snapshots: s.offlineStore(), Log: d.Log}
	if d.Files == nil && d.Config.UploadsDir != "" {
		if dir, err := blobstore.NewDir(d.Config.UploadsDir); err == nil {
			s.Files = dir
		}
	}
	if s.Files != nil {
		s.album = photos.New(d.DB, s.Files, d.Log, photoDecoders)
	}
	s.csrf = csrfSigner{key: []byte(d.Config.SecretKey), secure: d.Sessions.Cookie.Secure, lifetime: d.Sessions.Lifetime}
	if len(s.csrf.key) == 0 {
		// serve always passes a key (ZOE_SECRET_KEY or DataDir/secret.key); a key of this
		// process alone only makes forms of another instance (or of before a restart) fail.
		d.Log.Warn("no ZOE_SECRET_KEY: CSRF tokens are signed with a key of this process only")
		s.csrf.key = []byte(randomToken())
	}
	app := fiber.New(fiber.Config{
		AppName:               "zoe",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		// Forms and sync batches are limited to 1 MB (limitBody); only photo uploads may be
		// larger, up to photoBodyLimit, so that a file over the photo limit is read and
		// answered beside the field instead of the connection being cut mid-upload.
		BodyLimit:    photoBodyLimit,
		ReadTimeout:  15 * time.Second,
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  120 * time.Second,
		// No ProxyHeader: c.IP() would believe a forged X-Forwarded-For; s.clientIP decides.
		// Strings from c.Params, c.Query, c.FormValue, c.Get, c.Method… are copies, not views
		// into fasthttp's buffers that the next request overwrites: any of them may be kept
		// (a metrics label, a cache key, a singleflight load that outlives its caller, a log
		// line). Measured on a handler reading 9 values: +10 allocations (~120 B) and well
		// under 1 µs per request, noise beside a page that queries the database.
		Immutable: true,
	})
	s.routes(app)
	return app
}
