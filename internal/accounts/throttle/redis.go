package throttle

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// takeScript is Store.Take in one round trip. KEYS: prev1, curr1, prev2, curr2, …;
// ARGV: weight, ttl in ms, limit1, limit2, …. Redis runs a script atomically, so no
// other attempt can read or increment in between. Returns {took, prev1, curr1, …}.
var takeScript = redis.NewScript(`
local w = tonumber(ARGV[1])
local out = {1}
for i = 1, #KEYS, 2 do
  local p = tonumber(redis.call('GET', KEYS[i]) or '0')
  local c = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  out[#out + 1] = p
  out[#out + 1] = c
  if p * w + c >= tonumber(ARGV[2 + (i + 1) / 2]) then out[1] = 0 end
end
if out[1] == 1 then
  for i = 2, #KEYS, 2 do
    if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
  end
end
return out
`)

// decrScript takes one back without going below zero or creating the key.
var decrScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0
`)

// Redis keeps the counters in Redis, shared by every app instance.
type Redis struct {
	client  *redis.Client
	prefix  string
	timeout time.Duration
}

// NewRedis returns a Store on client; keys start with prefix (e.g. "zoe:"). Each call
// gives up after timeout (0: 500 ms).
func NewRedis(client *redis.Client, prefix string, timeout time.Duration) *Redis {
	if timeout <= 0 {
		timeout = 500 * time.Millisecond
	}
	return &Redis{client: client, prefix: prefix, timeout: timeout}
}

var _ Store = (*Redis)(nil)

func (r *Redis) Take(ctx context.Context, counters []Counter, weight float64, ttl time.Duration) (bool, [][2]int64, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	keys := make([]string, 0, 2*len(counters))
	args := []any{strconv.FormatFloat(weight, 'f', -1, 64), ttl.Milliseconds()}
	for _, c := range counters {
		keys = append(keys, r.prefix+c.Prev, r.prefix+c.Curr)
		args = append(args, c.Limit)
	}
	vals, err := takeScript.Run(ctx, r.client, keys, args...).Int64Slice()
	if err != nil {
		return false, nil, fmt.Errorf("redis: %w", err)
	}
	if len(vals) != 1+2*len(counters) {
		return false, nil, fmt.Errorf("redis: take returned %d values", len(vals))
	}
	counts := make([][2]int64, len(counters))
	for i := range counters {
		counts[i] = [2]int64{vals[1+2*i], vals[2+2*i]}
	}
	return vals[0] == 1, counts, nil
}

func (r *Redis) Decr(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	if err := decrScript.Run(ctx, r.client, []string{r.prefix + key}).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	if err := r.client.Del(ctx, full...).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}
