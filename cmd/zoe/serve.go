package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/offline"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

func serve(ctx context.Context, args []string) error {
	cfg, envErr := config.FromEnv(nil)
	f := newFlags("serve", "zoe serve [--addr HOST:PORT] [--database-url URL] [--redis-url URL] [--migrate] [--seed-demo]",
		"Runs the web server. It refuses to start while migrations are pending, unless --migrate.")
	cfg.ServeFlags(f.FlagSet)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if err := f.noArgs(rest); err != nil {
		return err
	}
	if err := errors.Join(envErr, cfg.Check()); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := newLogger(cfg)
	// Take the address first: a bad or busy address fails before anything is opened.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (--addr / ZOE_ADDR): %w", cfg.Addr, err)
	}
	defer ln.Close()
	m, err := metrics.New()
	if err != nil {
		return err
	}
	d, err := openServeDB(ctx, cfg, m)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := checkMigrated(ctx, d, cfg, cfg.MigrateOnStart, log); err != nil {
		return err
	}
	for _, dir := range []string{cfg.DataDir, cfg.OfflineCacheDir, cfg.UploadsDir, cfg.ModelsDir} {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("create directory %s: %w", dir, err)
		}
	}
	if cfg.SecretKey == "" {
		if cfg.SecretKey, err = config.LoadOrCreateSecret(cfg.DataDir); err != nil {
			return fmt.Errorf("ZOE_SECRET_KEY is unset and %w", err)
		}
	}
	pruneUserFiles(ctx, cfg, d, log)
	disks, err := watch(m, d, cfg)
	if err != nil {
		return err
	}
	if cfg.SeedDemoOnStart {
		empty, err := isEmptyDB(ctx, d)
		if err != nil {
			return err
		}
		if empty {
			if err := runSeed(ctx, d, cfg, os.Stdout); err != nil {
				return err
			}
		}
	}

	st, err := newStorage(ctx, cfg, d)
	if err != nil {
		return err
	}
	defer st.close()
	st.cache = cache.WithMetrics(st.cache, m.Cache) // hits, misses and bypasses by kind on /metrics
	startBackups(ctx, cfg, d, log)

	models := startModels(ctx, cfg, log)

	if cfg.Pprof != "" {
		_, stop, err := startPprof(cfg.Pprof, log)
		if err != nil {
			return fmt.Errorf("ZOE_PPROF: %w", err)
		}
		defer stop()
	}

	app := handlers.New(handlers.Deps{Config: cfg, DB: d, Sessions: st.sessions, Cache: st.cache, Models: models,
		Limiter: throttle.New(st.throttle, throttle.DefaultLimits()), Log: log, Ready: st.ready,
		Metrics: m, Disks: disks})

	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("ZOE_TLS_CERT / ZOE_TLS_KEY: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}})
	}
	errc := make(chan error, 1)
	log.Info("ZOE NutriTech listening", "addr", ln.Addr().String(), "database", string(d.Engine()), "redis", cfg.RedisURL != "", "tls", cfg.TLSCert != "")
	go func() { errc <- app.Listener(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	if err := app.ShutdownWithTimeout(10 * time.Second); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// storage is where sessions and cached values live: Redis when REDIS_URL is set; otherwise
// the database (sessions) and an in-process LRU (cache).
type storage struct {
	sessions *scs.SessionManager
	cache    cache.Cache
	throttle throttle.Store // password-attempt counters: Redis (shared by instances) or this process
	ready    func(context.Context) error
	close    func()
}

func newStorage(ctx context.Context, cfg config.Config, d *db.DB) (*storage, error) {
	st := &storage{close: func() {}}
	var store scs.Store
	if cfg.RedisURL != "" {
		client, err := cache.NewRedisClient(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		client.Options().ReadTimeout = cfg.RedisTimeout
		client.Options().WriteTimeout = cfg.RedisTimeout
		if err := client.Ping(ctx).Err(); err != nil {
			// Start anyway: pages render without Redis and recover when it returns.
			newLogger(cfg).Warn("Redis does not answer at start", "err", err)
		}
		store = goredisstore.NewWithPrefix(client, redisSessionPrefix)
		st.cache = cache.NewRedis(client, "zoe:")
		st.throttle = throttle.NewRedis(client, "zoe:", cfg.RedisTimeout)
		st.ready = func(ctx context.Context) error { return client.Ping(ctx).Err() }
		st.close = func() { _ = client.Close() }
	} else {
		switch d.Engine() {
		case db.Postgres:
			ps := pgxstore.New(d.Pool())
			store = ps
			st.close = ps.StopCleanup
		default:
			ls := sqlite3store.New(d.SQL())
			store = ls
			st.close = ls.StopCleanup
		}
		st.cache = cache.NewLRU(cfg.CacheSize, 10*time.Minute)
		st.throttle = throttle.NewMemory()
	}
	st.sessions = handlers.NewSessionManager(store, cfg.SessionLifetime, cfg.SessionIdle, cfg.CookieSecure)
	return st, nil
}

// pruneUserFiles removes the files of accounts that no longer exist (an account deleted
// while the server stopped between its rows and its files): no health data stays on disk.
func pruneUserFiles(ctx context.Context, cfg config.Config, d *db.DB, log *slog.Logger) {
	gone := func(id int64) (bool, error) {
		_, err := d.GetUser(ctx, id)
		if db.IsNotFound(err) {
			return true, nil
		}
		return false, err
	}
	n, err := (&offline.Store{Dir: cfg.OfflineCacheDir, DB: d}).Prune(ctx)
	m, err2 := accounts.PruneUploads(cfg.UploadsDir, gone)
	if err := errors.Join(err, err2); err != nil {
		log.Warn("files of deleted accounts not pruned", "err", err)
	}
	if n+m > 0 {
		log.Info("removed files of deleted accounts", "offline_snapshots", n, "upload_folders", m)
	}
}
