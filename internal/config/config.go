// Package config reads ZOE NutriTech's settings from environment variables, which flags may
// override. Bad values are errors that name the variable; nothing falls back silently.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/clientip"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Config is read-only after Load.
type Config struct {
	DatabaseURL     string        // DATABASE_URL: SQLite path or sqlite: URL (default ./data/zoe.db), or postgres://…
	ReplicaURL      string        // DATABASE_REPLICA_URL: optional PostgreSQL read replica
	ReplicaMaxLag   time.Duration // ZOE_REPLICA_MAX_LAG: reads fall back to the primary beyond this lag (default 10s)
	ReplicaTimeout  time.Duration // ZOE_REPLICA_TIMEOUT: a replica query without a first answer by then runs on the primary (default 2s)
	MetricsToken    string        // ZOE_METRICS_TOKEN: bearer token for /metrics (admins may always read it)
	RedisURL        string        // REDIS_URL: unset → in-process cache and database-backed sessions
	Addr            string        // ZOE_ADDR: listen address (default 127.0.0.1:8080)
	BaseURL         string        // ZOE_BASE_URL: public URL, used for links and to decide Secure cookies
	DataDir         string        // ZOE_DATA_DIR: runtime data (default ./data)
	ModelsDir       string        // ZOE_MODELS_DIR: recommender model files (default ./models)
	OfflineCacheDir string        // ZOE_OFFLINE_CACHE_DIR: per-user offline JSON (default ./offline_cache)
	UploadsDir      string        // ZOE_UPLOADS_DIR: user uploads (default ./uploads)
	BackupDir       string        // ZOE_BACKUP_DIR: backups (default ./data/backups)
	BackupRecipient string        // ZOE_BACKUP_RECIPIENT: age public key backups are encrypted to
	BackupIdentity  string        // ZOE_BACKUP_IDENTITY_FILE: age identity file used to verify/restore
	BackupSchedule  bool          // ZOE_BACKUP_SCHEDULE: serve runs daily/weekly backups (default true when a recipient is set)
	TLSCert, TLSKey string        // ZOE_TLS_CERT, ZOE_TLS_KEY: serve HTTPS directly
	CookieSecure    bool          // ZOE_COOKIE_SECURE: Secure cookies (default: true under TLS or an https base URL)
	TrustProxy      bool          // ZOE_TRUST_PROXY: trust X-Forwarded-For from loopback and private networks (a proxy on the same host or network)
	// TrustedProxies (ZOE_TRUSTED_PROXIES: addresses and CIDR networks of our proxies) decides
	// which X-Forwarded-For entries are believed; the client is the right-most other address.
	// Empty with ZOE_TRUST_PROXY=false: X-Forwarded-For is ignored.
	TrustedProxies clientip.Proxies
	// SecretKey (ZOE_SECRET_KEY) signs the CSRF tokens of forms; empty: serve keeps a
	// random key in DataDir/secret.key (instances that share no data directory must set it).
	SecretKey       string
	SessionLifetime time.Duration // ZOE_SESSION_LIFETIME (default 720h)
	SessionIdle     time.Duration // ZOE_SESSION_IDLE_TIMEOUT (default 168h)
	DBMaxConns      int           // ZOE_DB_MAX_CONNS (default 10)
	DBStmtTimeout   time.Duration // ZOE_DB_STATEMENT_TIMEOUT (default 10s)
	RedisTimeout    time.Duration // ZOE_REDIS_TIMEOUT: dial/read/write timeout (default 500ms)
	CacheSize       int           // ZOE_CACHE_SIZE: in-process LRU entries (default 10000)
	LogFormat       string        // ZOE_LOG_FORMAT: text or json (default text; json in production)
	LogLevel        string        // ZOE_LOG_LEVEL: debug, info, warn, error (default info)
	LLMURL          string        // ZOE_LLM_URL: optional OpenAI-compatible endpoint for the assistant
	LLMKey          string        // ZOE_LLM_KEY (never logged)
	LLMModel        string        // ZOE_LLM_MODEL
	MigrateOnStart  bool          // ZOE_MIGRATE_ON_START: serve applies pending migrations itself
	SeedDemoOnStart bool          // ZOE_SEED_DEMO: serve seeds demo data into an empty database
	DefaultTimeZone string        // ZOE_TIME_ZONE (default Africa/Kampala)
	Bench           bool          // ZOE_BENCH: serve GET /bench/constant, the load run's baseline (never in production)
	Pprof           string        // ZOE_PPROF: loopback host:port of net/http/pprof, a listener apart from the site ("": off)
}

// Load is serve's configuration: the environment, then serve's flags in args (ServeFlags)
// overriding it. Unknown flags are errors.
func Load(name string, args []string, getenv func(string) string) (Config, []string, error) {
	c, envErr := FromEnv(getenv)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.ServeFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), errors.Join(envErr, c.Check())
}

// ServeFlags defines serve's flags on fs, each overriding its environment variable.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address HOST:PORT (ZOE_ADDR)")
	c.DatabaseFlag(fs)
	fs.StringVar(&c.RedisURL, "redis-url", c.RedisURL, "redis:// URL for sessions and cache (REDIS_URL)")
	fs.BoolVar(&c.MigrateOnStart, "migrate", c.MigrateOnStart, "apply pending migrations before serving (ZOE_MIGRATE_ON_START)")
	fs.BoolVar(&c.SeedDemoOnStart, "seed-demo", c.SeedDemoOnStart, "seed demo data into an empty database (ZOE_SEED_DEMO)")
}

// DatabaseFlag defines --database-url, which overrides DATABASE_URL.
func (c *Config) DatabaseFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "SQLite path or postgres:// URL (DATABASE_URL)")
}

// Check validates the values that flags may have changed after FromEnv.
func (c Config) Check() error {
	var errs []error
	if err := CheckAddr(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr / ZOE_ADDR %q: %w", c.Addr, err))
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		errs = append(errs, errors.New("--redis-url / REDIS_URL: want a redis:// or rediss:// URL"))
	}
	return errors.Join(errs...)
}

// CheckAddr accepts a listen address HOST:PORT: the host empty (every interface), an IP
// address or a host name; the port a number from 0 to 65535.
func CheckAddr(addr string) error {
	const want = "want HOST:PORT, such as 127.0.0.1:8080 or :8080"
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New(want)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.TrimSpace(port) != port {
		return fmt.Errorf("port %q: %s", port, want)
	}
	if host == "" || net.ParseIP(host) != nil {
		return nil
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return fmt.Errorf("host %q: %s", host, want)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("host %q: %s", host, want)
			}
		}
	}
	return nil
}

// FromEnv reads the environment alone (every command starts from it; its flags come after).
// The error names each bad variable; the Config holds the defaults in their place. The
// listen address and REDIS_URL, which serve's flags override, are checked by Check.
func FromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var errs []error
	str := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	boolean := func(key string, def bool) bool {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return def
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: want true or false", key, v))
		}
		return b
	}
	integer := func(key string, def, min, max int) int {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < min || n > max {
			errs = append(errs, fmt.Errorf("%s=%q: want a whole number from %d to %d", key, v, min, max))
		}
		return n
	}
	duration := func(key string, def time.Duration) time.Duration {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: want a positive duration such as 10s or 720h", key, v))
		}
		return d
	}

	c := Config{
		DatabaseURL:     str("DATABASE_URL", ""),
		ReplicaURL:      str("DATABASE_REPLICA_URL", ""),
		ReplicaMaxLag:   duration("ZOE_REPLICA_MAX_LAG", 10*time.Second),
		ReplicaTimeout:  duration("ZOE_REPLICA_TIMEOUT", 2*time.Second),
		MetricsToken:    str("ZOE_METRICS_TOKEN", ""),
		RedisURL:        str("REDIS_URL", ""),
		Addr:            str("ZOE_ADDR", "127.0.0.1:8080"),
		BaseURL:         str("ZOE_BASE_URL", ""),
		DataDir:         str("ZOE_DATA_DIR", "data"),
		ModelsDir:       str("ZOE_MODELS_DIR", "models"),
		OfflineCacheDir: str("ZOE_OFFLINE_CACHE_DIR", "offline_cache"),
		UploadsDir:      str("ZOE_UPLOADS_DIR", "uploads"),
		BackupRecipient: str("ZOE_BACKUP_RECIPIENT", ""),
		BackupIdentity:  str("ZOE_BACKUP_IDENTITY_FILE", ""),
		TLSCert:         str("ZOE_TLS_CERT", ""),
		TLSKey:          str("ZOE_TLS_KEY", ""),
		TrustProxy:      boolean("ZOE_TRUST_PROXY", false),
		SecretKey:       str("ZOE_SECRET_KEY", ""),
		SessionLifetime: duration("ZOE_SESSION_LIFETIME", 720*time.Hour),
		SessionIdle:     duration("ZOE_SESSION_IDLE_TIMEOUT", 168*time.Hour),
		DBMaxConns:      integer("ZOE_DB_MAX_CONNS", 10, 1, 500),
		DBStmtTimeout:   duration("ZOE_DB_STATEMENT_TIMEOUT", 10*time.Second),
		RedisTimeout:    duration("ZOE_REDIS_TIMEOUT", 500*time.Millisecond),
		CacheSize:       integer("ZOE_CACHE_SIZE", 10000, 100, 10_000_000),
		LogFormat:       str("ZOE_LOG_FORMAT", "text"),
		LogLevel:        str("ZOE_LOG_LEVEL", "info"),
		LLMURL:          str("ZOE_LLM_URL", ""),
		LLMKey:          str("ZOE_LLM_KEY", ""),
		LLMModel:        str("ZOE_LLM_MODEL", ""),
		MigrateOnStart:  boolean("ZOE_MIGRATE_ON_START", false),
		SeedDemoOnStart: boolean("ZOE_SEED_DEMO", false),
		DefaultTimeZone: str("ZOE_TIME_ZONE", timezone.Fallback),
		Bench:           boolean("ZOE_BENCH", false),
		Pprof:           str("ZOE_PPROF", ""),
	}
	c.BackupDir = str("ZOE_BACKUP_DIR", filepath.Join(c.DataDir, "backups"))
	c.BackupSchedule = boolean("ZOE_BACKUP_SCHEDULE", c.BackupRecipient != "")

	secureDefault := c.TLSCert != "" || strings.HasPrefix(c.BaseURL, "https://")
	c.CookieSecure = boolean("ZOE_COOKIE_SECURE", secureDefault)

	if v := strings.TrimSpace(getenv("ZOE_TRUSTED_PROXIES")); v != "" {
		p, err := clientip.Parse(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("ZOE_TRUSTED_PROXIES: %w", err))
		}
		c.TrustedProxies = p
	} else if c.TrustProxy {
		c.TrustedProxies = clientip.PrivateNetworks()
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		errs = append(errs, errors.New("ZOE_SECRET_KEY: use at least 32 random characters (e.g. openssl rand -hex 32)"))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("ZOE_TLS_CERT and ZOE_TLS_KEY go together: set both or neither"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("ZOE_LOG_FORMAT=%q: want text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("ZOE_LOG_LEVEL=%q: want debug, info, warn or error", c.LogLevel))
	}
	if c.ReplicaURL != "" && !strings.HasPrefix(c.ReplicaURL, "postgres") {
		errs = append(errs, errors.New("DATABASE_REPLICA_URL: want a postgres:// URL (replicas are for PostgreSQL)"))
	}
	// The zone of users whose stored zone is unknown, for every package (timezone.Of).
	if err := timezone.SetDefault(c.DefaultTimeZone); err != nil {
		errs = append(errs, fmt.Errorf("ZOE_TIME_ZONE=%q: unknown time zone", c.DefaultTimeZone))
	}
	if (c.LLMURL == "") != (c.LLMModel == "") {
		errs = append(errs, errors.New("ZOE_LLM_URL and ZOE_LLM_MODEL go together: set both or neither"))
	}
	if c.Pprof != "" {
		if err := loopbackAddr(c.Pprof); err != nil {
			errs = append(errs, fmt.Errorf("ZOE_PPROF=%q: %w", c.Pprof, err))
		}
	}
	return c, errors.Join(errs...)
}

// loopbackAddr accepts host:port where host is a loopback IP or "localhost": profiles show
// code paths and memory, so they are never served beyond this machine.
func loopbackAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return errors.New("want a loopback host:port such as 127.0.0.1:6060")
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("the profiler listens on loopback only (127.0.0.1 or ::1), never on a public address")
	}
	return nil
}
