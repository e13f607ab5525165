package cache

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Defaults for the Redis cache. Redis on the same network answers in well under
// a millisecond, so 200 ms only ever trips when something is wrong.
const (
	DefaultOpTimeout = 200 * time.Millisecond
	DefaultCooldown  = 1 * time.Second
)

// Redis is the cache shared by all app instances.
//
// Keys: "<prefix>ns:<ns>:g<gen>:<key>" for namespaced values (see KeyIn),
// "<prefix>gen:<ns>" for generation counters, "<prefix><key>" for anything
// stored directly. Generation counters carry no TTL; if one is lost anyway (an
// allkeys-* maxmemory policy, a FLUSHDB), it is re-created from the clock in
// microseconds, a number larger than any generation it replaces, so old keys
// stay unreachable. Prefer maxmemory-policy volatile-lru, which never evicts
// keys without a TTL.
//
// GetOrLoad reads the generations and the value in one Lua script, one round
// trip per hit. That script builds the data key itself, which standalone Redis
// (and Sentinel) allow and Redis Cluster does not.
type Redis struct {
	client   *redis.Client
	prefix   string
	timeout  time.Duration
	cooldown time.Duration
	ttl      time.Duration

	// downUntil (unix nanoseconds) is the end of the cooldown after a failure;
	// until then operations fail at once instead of waiting for Redis.
	downUntil atomic.Int64

	// dirty holds namespaces whose Invalidate failed, each with the sequence
	// number of its latest failure; they are bumped before the next operation.
	mu         sync.Mutex
	dirty      map[string]uint64
	dirtySeq   uint64
	dirtyCount atomic.Int32

	flight flightState
}

var _ Cache = (*Redis)(nil)

// RedisOption tunes NewRedis.
type RedisOption func(*Redis)

// WithOpTimeout bounds each cache operation (default DefaultOpTimeout).
func WithOpTimeout(d time.Duration) RedisOption {
	return func(r *Redis) {
		if d > 0 {
			r.timeout = d
		}
	}
}

// WithCooldown sets how long operations skip Redis after a failure (default
// DefaultCooldown); 0 disables the cooldown.
func WithCooldown(d time.Duration) RedisOption {
	return func(r *Redis) {
		if d >= 0 {
			r.cooldown = d
		}
	}
}

// WithDefaultTTL sets the TTL used when Set gets ttl <= 0 (default DefaultTTL).
func WithDefaultTTL(d time.Duration) RedisOption {
	return func(r *Redis) {
		if d > 0 {
			r.ttl = d
		}
	}
}

// NewRedis returns a cache on client whose keys all start with prefix (e.g.
// "zoe" gives "zoe:ns:food:g3:42"). Build the client with NewRedisClient so its
// own timeouts are short too.
func NewRedis(client *redis.Client, prefix string, opts ...RedisOption) *Redis {
	if prefix != "" && !strings.HasSuffix(prefix, ":") {
		prefix += ":"
	}
	r := &Redis{
		client:   client,
		prefix:   prefix,
		timeout:  DefaultOpTimeout,
		cooldown: DefaultCooldown,
		ttl:      DefaultTTL,
		dirty:    make(map[string]uint64),
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// NewRedisClient parses a redis:// URL (REDIS_URL) into a client tuned for a
// cache: short timeouts that honour the context, one retry, no RESP3
// maintenance-notification handshake (self-hosted Redis does not offer it).
func NewRedisClient(url string) (*redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("cache: parse redis url: %w", err)
	}
	opt.DialTimeout = 500 * time.Millisecond
	opt.ReadTimeout = 250 * time.Millisecond
	opt.WriteTimeout = 250 * time.Millisecond
	opt.PoolTimeout = 500 * time.Millisecond
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = 1
	// One dial attempt: the default retries a refused dial for ~500 ms, and
	// the cache would rather bypass at once.
	opt.DialerRetries = 1
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return redis.NewClient(opt), nil
}

var errCoolingDown = errors.New("skipped: redis failed moments ago, cooling down")

// seedGeneration returns the generation, creating it from ARGV[1] (the clock in
// microseconds) when missing.
var seedGeneration = redis.NewScript(`
local g = redis.call('GET', KEYS[1])
if not g then
  redis.call('SET', KEYS[1], ARGV[1])
  g = ARGV[1]
end
return g`)

// bumpGenerations increments every generation in KEYS atomically, seeding a
// missing one from ARGV[1] first so it never restarts at 1.
var bumpGenerations = redis.NewScript(`
for _, k in ipairs(KEYS) do
  if redis.call('EXISTS', k) == 0 then
    redis.call('SET', k, ARGV[1])
  end
  redis.call('INCR', k)
end
return #KEYS`)

// incrWithTTL is INCR that sets the TTL on a counter that has none, so the
// window starts at the first increment and is never extended.
var incrWithTTL = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if tonumber(ARGV[1]) > 0 and redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n`)

// begin starts an operation: it fails fast during a cooldown, bounds the
// operation by the timeout, and lands pending invalidations first.
func (r *Redis) begin(ctx context.Context, op string) (context.Context, context.CancelFunc, error) {
	if until := r.downUntil.Load(); until != 0 && time.Now().UnixNano() < until {
		return nil, nil, &UnavailableError{Op: op, Err: errCoolingDown}
	}
	octx, cancel := context.WithTimeout(ctx, r.timeout)
	if err := r.flushDirty(octx); err != nil {
		cancel()
		return nil, nil, r.failure(ctx, op, err)
	}
	return octx, cancel, nil
}

// failure classifies err: the caller giving up is its own business; a server
// reply such as WRONGTYPE is a bug, not an outage; the rest is an outage and
// starts a cooldown.
func (r *Redis) failure(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("cache %s: %w", op, ctx.Err())
	}
	var reply redis.Error
	if errors.As(err, &reply) && !serverUnavailable(err) {
		return fmt.Errorf("cache %s: %w", op, err)
	}
	if r.cooldown > 0 {
		r.downUntil.Store(time.Now().Add(r.cooldown).UnixNano())
	}
	return &UnavailableError{Op: op, Err: err}
}

// serverUnavailable reports replies that mean "Redis cannot serve right now".
func serverUnavailable(err error) bool {
	return redis.IsLoadingError(err) || redis.IsReadOnlyError(err) ||
		redis.IsMasterDownError(err) || redis.IsTryAgainError(err) ||
		redis.IsClusterDownError(err) || redis.IsMaxClientsError(err) ||
		redis.IsOOMError(err) || strings.HasPrefix(err.Error(), "BUSY")
}

func (r *Redis) genKey(ns string) string { return r.prefix + "gen:" + ns }

// Get implements Cache.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	octx, cancel, err := r.begin(ctx, "get")
	if err != nil {
		return nil, false, err
	}
	defer cancel()
	b, err := r.client.Get(octx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, r.failure(ctx, "get", err)
	}
	return b, true, nil
}

// Set implements Cache.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl <= 0 {
		ttl = r.ttl
	}
	ttl = max(ttl, time.Millisecond) // PX 0 is an error in Redis
	octx, cancel, err := r.begin(ctx, "set")
	if err != nil {
		return err
	}
	defer cancel()
	if err := r.client.Set(octx, r.prefix+key, value, ttl).Err(); err != nil {
		return r.failure(ctx, "set", err)
	}
	return nil
}

// Delete implements Cache.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	octx, cancel, err := r.begin(ctx, "delete")
	if err != nil {
		return err
	}
	defer cancel()
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	if err := r.client.Del(octx, full...).Err(); err != nil {
		return r.failure(ctx, "delete", err)
	}
	return nil
}

// Generation implements Cache.
func (r *Redis) Generation(ctx context.Context, ns string) (uint64, error) {
	if err := checkNamespace(ns); err != nil {
		return 0, err
	}
	octx, cancel, err := r.begin(ctx, "generation")
	if err != nil {
		return 0, err
	}
	defer cancel()
	s, err := r.client.Get(octx, r.genKey(ns)).Result()
	if errors.Is(err, redis.Nil) {
		s, err = seedGeneration.Run(octx, r.client, []string{r.genKey(ns)}, time.Now().UnixMicro()).Text()
	}
	if err != nil {
		return 0, r.failure(ctx, "generation", err)
	}
	g, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cache generation %q: %w", ns, err)
	}
	return g, nil
}

// Invalidate implements Cache. When it fails, the namespaces are remembered
// and bumped before this instance reads anything else from Redis; see the
// package documentation for what that does and does not cover.
func (r *Redis) Invalidate(ctx context.Context, namespaces ...string) error {
	for _, ns := range namespaces {
		if err := checkNamespace(ns); err != nil {
			return err
		}
	}
	if len(namespaces) == 0 {
		return nil
	}
	octx, cancel, err := r.begin(ctx, "invalidate")
	if err != nil {
		r.markDirty(namespaces)
		return err
	}
	defer cancel()
	if err := r.bump(octx, namespaces); err != nil {
		// Even when the caller gave up the bump may or may not have landed;
		// an extra bump costs only cache misses, a missing one serves stale data.
		r.markDirty(namespaces)
		return r.failure(ctx, "invalidate", err)
	}
	return nil
}

func (r *Redis) bump(ctx context.Context, namespaces []string) error {
	keys := make([]string, len(namespaces))
	for i, ns := range namespaces {
		keys[i] = r.genKey(ns)
	}
	return bumpGenerations.Run(ctx, r.client, keys, time.Now().UnixMicro()).Err()
}

func (r *Redis) markDirty(namespaces []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ns := range namespaces {
		r.dirtySeq++
		r.dirty[ns] = r.dirtySeq
	}
	r.dirtyCount.Store(int32(len(r.dirty)))
}

// flushDirty bumps the namespaces whose Invalidate failed. A namespace marked
// again while the bump was in flight stays dirty: its newer change may have
// been committed after the bump.
func (r *Redis) flushDirty(ctx context.Context) error {
	if r.dirtyCount.Load() == 0 {
		return nil
	}
	r.mu.Lock()
	pending := make(map[string]uint64, len(r.dirty))
	namespaces := make([]string, 0, len(r.dirty))
	for ns, seq := range r.dirty {
		pending[ns] = seq
		namespaces = append(namespaces, ns)
	}
	r.mu.Unlock()
	if len(namespaces) == 0 {
		return nil
	}
	if err := r.bump(ctx, namespaces); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for ns, seq := range pending {
		if r.dirty[ns] == seq {
			delete(r.dirty, ns)
		}
	}
	r.dirtyCount.Store(int32(len(r.dirty)))
	return nil
}

// Dirty lists the namespaces whose invalidation is still waiting for Redis.
func (r *Redis) Dirty() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.dirty))
	for ns := range r.dirty {
		out = append(out, ns)
	}
	return out
}

// namespacedKeyLua reads the generations of the namespaces in KEYS (creating a missing one
// at ARGV[1]) and builds the data key from the head ARGV[2] and the key ARGV[3] in `key`.
// The data key is built inside the script (not declared in KEYS), which standalone Redis
// allows and Redis Cluster would not.
const namespacedKeyLua = `
local gens = {}
for i, k in ipairs(KEYS) do
  local g = redis.call('GET', k)
  if not g then
    redis.call('SET', k, ARGV[1])
    g = ARGV[1]
  end
  gens[i] = g
end
local key = ARGV[2] .. table.concat(gens, '.') .. ':' .. ARGV[3]
`

// getInNamespaces reads the generations of namespaces and the value under
// the key they make, in one round trip instead of one per namespace plus one.
var getInNamespaces = redis.NewScript(namespacedKeyLua + `return {key, redis.call('GET', key)}`)

// keyInNamespaces is getInNamespaces without the value: the first level of
// GetOrLoadDecodedIn has it already.
var keyInNamespaces = redis.NewScript(namespacedKeyLua + `return key`)

// getIn is Generation for each namespace followed by Get, in one round trip;
// GetOrLoadIn uses it. full is the key without the prefix, as KeyIn makes it.
func (r *Redis) getIn(ctx context.Context, namespaces []string, key string) (full string, value []byte, ok bool, err error) {
	for _, ns := range namespaces {
		if err := checkNamespace(ns); err != nil {
			return "", nil, false, err
		}
	}
	octx, cancel, err := r.begin(ctx, "get")
	if err != nil {
		return "", nil, false, err
	}
	defer cancel()
	genKeys := make([]string, len(namespaces))
	for i, ns := range namespaces {
		genKeys[i] = r.genKey(ns)
	}
	head := r.prefix + "ns:" + strings.Join(namespaces, ",") + ":g"
	res, err := getInNamespaces.Run(octx, r.client, genKeys, time.Now().UnixMicro(), head, key).Slice()
	if err != nil {
		return "", nil, false, r.failure(ctx, "get", err)
	}
	if len(res) != 2 {
		return "", nil, false, fmt.Errorf("cache get: script returned %d values, want 2", len(res))
	}
	fullKey, _ := res[0].(string)
	full = strings.TrimPrefix(fullKey, r.prefix)
	if s, isString := res[1].(string); isString {
		return full, []byte(s), true, nil
	}
	return full, nil, false, nil
}

// Incr implements Cache.
func (r *Redis) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	octx, cancel, err := r.begin(ctx, "incr")
	if err != nil {
		return 0, err
	}
	defer cancel()
	n, err := incrWithTTL.Run(octx, r.client, []string{r.prefix + key}, ttl.Milliseconds()).Int64()
	if err != nil {
		if strings.Contains(err.Error(), "not an integer") {
			return 0, fmt.Errorf("%w: %q", ErrNotInteger, key)
		}
		return 0, r.failure(ctx, "incr", err)
	}
	return n, nil
}

// Ping implements Cache. It ignores the cooldown, so a health check always
// probes Redis; success ends the cooldown and lands pending invalidations.
func (r *Redis) Ping(ctx context.Context) error {
	octx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	if err := r.client.Ping(octx).Err(); err != nil {
		return r.failure(ctx, "ping", err)
	}
	if err := r.flushDirty(octx); err != nil {
		return r.failure(ctx, "ping", err)
	}
	r.downUntil.Store(0)
	return nil
}

func (r *Redis) flightState() *flightState { return &r.flight }
