package throttle

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// clock is a settable time source; tests move it across windows.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// windowStart is a 15-minute window boundary (Unix time divisible by 900 s).
var windowStart = time.Unix(1_736_150_400, 0).UTC()

type store struct {
	name string
	open func(t *testing.T) cache.Cache
}

var stores = []store{
	{"LRU", func(*testing.T) cache.Cache { return cache.NewLRU(1000, time.Hour) }},
	{"Redis", func(t *testing.T) cache.Cache {
		client := cachetest.Client(t)
		return cache.NewRedis(client, cachetest.Prefix(t, client))
	}},
}

func newThrottle(t *testing.T, s store, limits Limits, at time.Time) (*Throttle, *clock) {
	th := New(s.open(t), limits)
	clk := &clock{t: at}
	th.now = clk.now
	return th, clk
}

func allow(t *testing.T, th *Throttle, account, ip string) (bool, time.Duration) {
	t.Helper()
	ok, wait, err := th.Allow(context.Background(), account, ip)
	if err != nil {
		t.Fatalf("Allow(%q, %q): %v", account, ip, err)
	}
	return ok, wait
}

func fail(t *testing.T, th *Throttle, account, ip string, times int) {
	t.Helper()
	for i := 0; i < times; i++ {
		if err := th.Fail(context.Background(), account, ip); err != nil {
			t.Fatalf("Fail(%q, %q): %v", account, ip, err)
		}
	}
}

var cases = []struct {
	name string
	run  func(t *testing.T, s store)
}{
	{"five failures per account block the sixth attempt", func(t *testing.T, s store) {
		th, clk := newThrottle(t, s, DefaultLimits(), windowStart)
		for i := 1; i <= 5; i++ {
			if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.1"); !ok {
				t.Fatalf("attempt %d refused; the limit is 5 failures", i)
			}
			fail(t, th, "amina@example.ug", "41.210.10.1", 1)
		}
		ok, wait := allow(t, th, "amina@example.ug", "41.210.10.1")
		// 5 failures at the window start: the estimate stays 5 until the next
		// window begins 15 min later, then falls below 5 at once: 15m + 1 s.
		if ok || wait != 15*time.Minute+time.Second {
			t.Fatalf("after 5 failures: ok=%v wait=%v, want refused for 15m1s", ok, wait)
		}
		clk.advance(wait - time.Second)
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.1"); ok {
			t.Error("allowed one second before retryAfter")
		}
		clk.advance(time.Second)
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.1"); !ok {
			t.Error("still refused at retryAfter")
		}
	}},
	{"account keys ignore case and surrounding spaces", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart)
		for i, a := range []string{"Amina@Example.UG", "amina@example.ug", " AMINA@example.ug ", "amina@EXAMPLE.ug", "aMiNa@example.ug"} {
			fail(t, th, a, "41.210.10."+strconv.Itoa(i), 1) // a new IP each time
		}
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.99"); ok {
			t.Error("5 failures spelled in different cases were not counted together")
		}
		if ok, _ := allow(t, th, "brian@example.ug", "41.210.10.99"); !ok {
			t.Error("another account was refused")
		}
	}},
	{"twenty failures per IP block that IP for every account", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart)
		for i := 0; i < 20; i++ {
			fail(t, th, "user"+strconv.Itoa(i)+"@example.ug", "2001:db8::7", 1)
		}
		if ok, wait := allow(t, th, "new@example.ug", "2001:db8::7"); ok || wait <= 0 {
			t.Errorf("IP with 20 failures: ok=%v wait=%v, want refused", ok, wait)
		}
		if ok, _ := allow(t, th, "new@example.ug", "2001:db8::8"); !ok {
			t.Error("a different IP was refused")
		}
		if ok, _ := allow(t, th, "", "2001:db8::7"); ok {
			t.Error("an empty account dodged the IP limit")
		}
	}},
	{"Reset on success clears the account but not the IP", func(t *testing.T, s store) {
		limits := Limits{PerAccount: 3, PerIP: 4, Window: 15 * time.Minute}
		th, _ := newThrottle(t, s, limits, windowStart.Add(time.Minute))
		fail(t, th, "amina@example.ug", "41.210.10.1", 3)
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.2"); ok {
			t.Fatal("3 failures should reach PerAccount=3")
		}
		if err := th.Reset(context.Background(), "AMINA@example.ug"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.2"); !ok {
			t.Error("still refused after Reset")
		}
		fail(t, th, "other@example.ug", "41.210.10.1", 1) // 4th failure from this IP
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.1"); ok {
			t.Error("Reset of an account cleared its IP's count")
		}
	}},
	{"failures fade with the sliding window", func(t *testing.T, s store) {
		th, clk := newThrottle(t, s, DefaultLimits(), windowStart.Add(10*time.Minute))
		fail(t, th, "amina@example.ug", "", 5)
		ok, wait := allow(t, th, "amina@example.ug", "")
		// At 10 min into a window: 5 more minutes to the boundary, then the
		// weight of those 5 failures drops below 1 at once: 5m + 1 s.
		if ok || wait != 5*time.Minute+time.Second {
			t.Fatalf("ok=%v wait=%v, want refused for 5m1s", ok, wait)
		}
		clk.advance(wait)
		if ok, _ := allow(t, th, "amina@example.ug", ""); !ok {
			t.Fatal("refused after the wait")
		}
		// One new failure: estimate 5×(899/900) + 1 ≥ 5, so refused again until
		// 5×(900−t)/900 < 4, i.e. t > 180 s, from 1 s into the window: 2m59s,
		// plus the 1 s margin = 3m.
		fail(t, th, "amina@example.ug", "", 1)
		ok, wait = allow(t, th, "amina@example.ug", "")
		if ok || wait != 3*time.Minute {
			t.Fatalf("after one more failure ok=%v wait=%v, want refused for 3m", ok, wait)
		}
		clk.advance(wait)
		if ok, _ := allow(t, th, "amina@example.ug", ""); !ok {
			t.Error("refused after the second wait")
		}
		// Two windows later everything is forgotten.
		clk.advance(30 * time.Minute)
		fail(t, th, "amina@example.ug", "", 4)
		if ok, _ := allow(t, th, "amina@example.ug", ""); !ok {
			t.Error("old failures still counted two windows later")
		}
	}},
	{"a zero limit turns that check off", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, Limits{PerAccount: 0, PerIP: 2}, windowStart)
		fail(t, th, "amina@example.ug", "41.210.10.1", 10)
		if ok, _ := allow(t, th, "amina@example.ug", "41.210.10.3"); !ok {
			t.Error("account limit 0 should not refuse")
		}
		if ok, _ := allow(t, th, "x@example.ug", "41.210.10.1"); ok {
			t.Error("IP limit 2 did not refuse after 10 failures")
		}
	}},
}

func TestThrottle(t *testing.T) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.run(t, s) })
			}
		})
	}
}

// TestThrottleFailsClosedWhenRedisIsDown uses a real Redis client pointed at a
// port nothing listens on.
func TestThrottleFailsClosedWhenRedisIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	client, err := cache.NewRedisClient("redis://" + addr + "/0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	th := New(cache.NewRedis(client, "zoe"), DefaultLimits())
	ctx := context.Background()

	ok, wait, err := th.Allow(ctx, "amina@example.ug", "41.210.10.1")
	if ok || !errors.Is(err, ErrUnavailable) || !errors.Is(err, cache.ErrUnavailable) {
		t.Errorf("Allow with Redis down: ok=%v err=%v; want refused with ErrUnavailable", ok, err)
	}
	if wait != 30*time.Second {
		t.Errorf("retryAfter = %v, want the 30s UnavailableRetry", wait)
	}
	if err := th.Fail(ctx, "amina@example.ug", "41.210.10.1"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Fail with Redis down: %v, want ErrUnavailable", err)
	}
	if err := th.Reset(ctx, "amina@example.ug"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Reset with Redis down: %v, want ErrUnavailable", err)
	}
}

// TestThrottleKeysHoldNoAccountNames: emails and phone numbers stay out of Redis.
func TestThrottleKeysHoldNoAccountNames(t *testing.T) {
	client := cachetest.Client(t)
	prefix := cachetest.Prefix(t, client)
	th := New(cache.NewRedis(client, prefix), DefaultLimits())
	ctx := context.Background()
	if err := th.Fail(ctx, "Amina@Example.UG", "41.210.10.1"); err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys(ctx, prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("keys = %v, want one account and one IP counter", keys)
	}
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), "amina") {
			t.Errorf("key %q holds the account name", k)
		}
		ttl, err := client.PTTL(ctx, k).Result()
		if err != nil || ttl <= 15*time.Minute || ttl > 30*time.Minute {
			t.Errorf("TTL of %s = %v (%v), want just under two 15-minute windows", k, ttl, err)
		}
	}
}

func TestWait(t *testing.T) {
	const w = 15 * time.Minute
	tests := []struct {
		name          string
		prev, curr    int64
		limit         int
		elapsed, want time.Duration
	}{
		{"below the limit", 0, 4, 5, 0, 0},
		{"at the limit at the window start", 0, 5, 5, 0, w + time.Second},
		{"over the limit: 10 of 5", 0, 10, 5, 0, w + w/2 + time.Second},
		{"previous window fading", 5, 1, 5, time.Second, 3 * time.Minute},
		{"previous window already faded enough", 5, 1, 5, 4 * time.Minute, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wait(tt.prev, tt.curr, tt.limit, tt.elapsed, w); got != tt.want {
				t.Errorf("wait(%d, %d, %d, %v) = %v, want %v", tt.prev, tt.curr, tt.limit, tt.elapsed, got, tt.want)
			}
		})
	}
}
