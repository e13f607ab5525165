package throttle

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	open func(t *testing.T) Store
}

var stores = []store{
	{"Memory", func(*testing.T) Store { return NewMemory() }},
	{"Redis", func(t *testing.T) Store {
		client := cachetest.Client(t)
		return NewRedis(client, cachetest.Prefix(t, client), 0)
	}},
}

func newThrottle(t *testing.T, s store, limits Limits, at time.Time) (*Throttle, *clock) {
	th := New(s.open(t), limits)
	clk := &clock{t: at}
	th.now = clk.now
	return th, clk
}

// attempt reserves one password attempt and reports whether it may go ahead.
func attempt(t *testing.T, th *Throttle, account, ip string) (bool, time.Duration) {
	t.Helper()
	r, err := th.Reserve(context.Background(), account, ip)
	if err != nil {
		t.Fatalf("Reserve(%q, %q): %v", account, ip, err)
	}
	return r.OK, r.RetryAfter
}

// wrong makes times attempts that all go ahead (and whose passwords are wrong).
func wrong(t *testing.T, th *Throttle, account, ip string, times int) {
	t.Helper()
	for i := 0; i < times; i++ {
		if ok, _ := attempt(t, th, account, ip); !ok {
			t.Fatalf("attempt %d of %q from %q refused", i+1, account, ip)
		}
	}
}

var cases = []struct {
	name string
	run  func(t *testing.T, s store)
}{
	{"five attempts per account, the sixth is refused", func(t *testing.T, s store) {
		th, clk := newThrottle(t, s, DefaultLimits(), windowStart)
		wrong(t, th, "amina@example.ug", "41.210.10.1", 5)
		ok, wait := attempt(t, th, "amina@example.ug", "41.210.10.1")
		// 5 attempts at the window start: the estimate stays 5 until the next
		// window begins 15 min later, then falls below 5 at once: 15m + 1 s.
		if ok || wait != 15*time.Minute+time.Second {
			t.Fatalf("after 5 attempts: ok=%v wait=%v, want refused for 15m1s", ok, wait)
		}
		clk.advance(wait - time.Second)
		if ok, _ := attempt(t, th, "amina@example.ug", "41.210.10.1"); ok {
			t.Error("allowed one second before retryAfter")
		}
		clk.advance(time.Second)
		if ok, _ := attempt(t, th, "amina@example.ug", "41.210.10.1"); !ok {
			t.Error("still refused at retryAfter")
		}
	}},
	{"account keys ignore case and surrounding spaces", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart)
		for i, a := range []string{"Amina@Example.UG", "amina@example.ug", " AMINA@example.ug ", "amina@EXAMPLE.ug", "aMiNa@example.ug"} {
			wrong(t, th, a, "41.210.10."+strconv.Itoa(i), 1) // a new IP each time
		}
		if ok, _ := attempt(t, th, "amina@example.ug", "41.210.10.99"); ok {
			t.Error("5 attempts spelled in different cases were not counted together")
		}
		if ok, _ := attempt(t, th, "brian@example.ug", "41.210.10.99"); !ok {
			t.Error("another account was refused")
		}
	}},
	{"twenty attempts per IP block that IP for every account", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart)
		for i := 0; i < 20; i++ {
			wrong(t, th, "user"+strconv.Itoa(i)+"@example.ug", "2001:db8::7", 1)
		}
		if ok, wait := attempt(t, th, "new@example.ug", "2001:db8::7"); ok || wait <= 0 {
			t.Errorf("IP with 20 attempts: ok=%v wait=%v, want refused", ok, wait)
		}
		if ok, _ := attempt(t, th, "new@example.ug", "2001:db8::8"); !ok {
			t.Error("a different IP was refused")
		}
		if ok, _ := attempt(t, th, "", "2001:db8::7"); ok {
			t.Error("an empty account dodged the IP limit")
		}
	}},
	{"a success clears the account and refunds only its own IP attempt", func(t *testing.T, s store) {
		limits := Limits{PerAccount: 3, PerIP: 4, Window: 15 * time.Minute}
		th, _ := newThrottle(t, s, limits, windowStart.Add(time.Minute))
		ctx := context.Background()
		wrong(t, th, "amina@example.ug", "41.210.10.1", 2)
		r, err := th.Reserve(ctx, "AMINA@example.ug", "41.210.10.1")
		if err != nil || !r.OK {
			t.Fatalf("third attempt: %+v %v", r, err)
		}
		if err := r.Succeeded(ctx); err != nil {
			t.Fatal(err)
		}
		// The account starts again from zero: three more attempts from another IP.
		wrong(t, th, "amina@example.ug", "41.210.10.2", 3)
		if ok, _ := attempt(t, th, "amina@example.ug", "41.210.10.3"); ok {
			t.Error("a fourth attempt after the success went ahead")
		}
		// The IP holds its two wrong attempts (the right one was refunded): two more, then no.
		wrong(t, th, "other@example.ug", "41.210.10.1", 2)
		if ok, _ := attempt(t, th, "third@example.ug", "41.210.10.1"); ok {
			t.Error("the success cleared its IP's wrong attempts")
		}
	}},
	{"right passwords never use up an IP", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart)
		ctx := context.Background()
		for i := 0; i < 60; i++ {
			r, err := th.Reserve(ctx, "user"+strconv.Itoa(i), "41.210.10.1")
			if err != nil || !r.OK {
				t.Fatalf("login %d behind one NAT address refused: %+v %v", i, r, err)
			}
			if err := r.Succeeded(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"attempts fade with the sliding window", func(t *testing.T, s store) {
		th, clk := newThrottle(t, s, DefaultLimits(), windowStart.Add(10*time.Minute))
		wrong(t, th, "amina@example.ug", "", 5)
		ok, wait := attempt(t, th, "amina@example.ug", "")
		// At 10 min into a window: 5 more minutes to the boundary, then the
		// weight of those 5 attempts drops below 1 at once: 5m + 1 s.
		if ok || wait != 5*time.Minute+time.Second {
			t.Fatalf("ok=%v wait=%v, want refused for 5m1s", ok, wait)
		}
		clk.advance(wait)
		// This attempt goes ahead and counts: estimate 5×(899/900) + 1 ≥ 5, so
		// refused again until 5×(900−t)/900 < 4, i.e. t > 180 s, from 1 s into the
		// window: 2m59s, plus the 1 s margin = 3m.
		if ok, _ := attempt(t, th, "amina@example.ug", ""); !ok {
			t.Fatal("refused after the wait")
		}
		ok, wait = attempt(t, th, "amina@example.ug", "")
		if ok || wait != 3*time.Minute {
			t.Fatalf("after one more attempt ok=%v wait=%v, want refused for 3m", ok, wait)
		}
		clk.advance(wait)
		if ok, _ := attempt(t, th, "amina@example.ug", ""); !ok {
			t.Error("refused after the second wait")
		}
		// Two windows later everything is forgotten.
		clk.advance(30 * time.Minute)
		wrong(t, th, "amina@example.ug", "", 5)
	}},
	{"a zero limit turns that check off", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, Limits{PerAccount: 0, PerIP: 2}, windowStart)
		wrong(t, th, "amina@example.ug", "41.210.10.1", 2)
		wrong(t, th, "amina@example.ug", "41.210.10.3", 2)
		if ok, _ := attempt(t, th, "x@example.ug", "41.210.10.1"); ok {
			t.Error("IP limit 2 did not refuse a third attempt")
		}
	}},
	{"40 parallel attempts on one account: exactly the limit goes ahead", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart.Add(time.Minute))
		if n := parallel(t, 40, func(i int) (string, string) { return "amina@example.ug", "41.210.11." + strconv.Itoa(i) }, th); n != 5 {
			t.Errorf("%d of 40 parallel attempts went ahead, want exactly 5", n)
		}
	}},
	{"60 parallel attempts from one IP: exactly the limit goes ahead", func(t *testing.T, s store) {
		th, _ := newThrottle(t, s, DefaultLimits(), windowStart.Add(time.Minute))
		if n := parallel(t, 60, func(i int) (string, string) { return "user" + strconv.Itoa(i), "41.210.12.1" }, th); n != 20 {
			t.Errorf("%d of 60 parallel attempts went ahead, want exactly 20", n)
		}
	}},
}

// parallel runs n Reserve calls at once and returns how many went ahead.
func parallel(t *testing.T, n int, who func(int) (string, string), th *Throttle) int {
	t.Helper()
	var ok atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			a, ip := who(i)
			r, err := th.Reserve(context.Background(), a, ip)
			if err != nil {
				t.Error(err)
				return
			}
			if r.OK {
				ok.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	return int(ok.Load())
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
	th := New(NewRedis(client, "zoe:", 0), DefaultLimits())
	ctx := context.Background()

	r, err := th.Reserve(ctx, "amina@example.ug", "41.210.10.1")
	if r.OK || !errors.Is(err, ErrUnavailable) {
		t.Errorf("Reserve with Redis down: ok=%v err=%v; want refused with ErrUnavailable", r.OK, err)
	}
	if r.RetryAfter != 30*time.Second {
		t.Errorf("retryAfter = %v, want the 30s UnavailableRetry", r.RetryAfter)
	}
	granted := Reservation{OK: true, t: th, account: "amina@example.ug", ip: "41.210.10.1", window: 1}
	if err := granted.Succeeded(ctx); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Succeeded with Redis down: %v, want ErrUnavailable", err)
	}
}

// TestThrottleKeysHoldNoAccountNames: emails and phone numbers stay out of Redis.
func TestThrottleKeysHoldNoAccountNames(t *testing.T) {
	client := cachetest.Client(t)
	prefix := cachetest.Prefix(t, client)
	th := New(NewRedis(client, prefix, 0), DefaultLimits())
	ctx := context.Background()
	if r, err := th.Reserve(ctx, "Amina@Example.UG", "41.210.10.1"); err != nil || !r.OK {
		t.Fatal(r, err)
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

func TestMemorySweepsExpiredCounters(t *testing.T) {
	m := NewMemory()
	clk := &clock{t: windowStart}
	m.now = clk.now
	th := New(m, DefaultLimits())
	th.now = clk.now
	for i := 0; i < 50; i++ {
		if r, _ := th.Reserve(context.Background(), "user"+strconv.Itoa(i), "41.210.10."+strconv.Itoa(i)); !r.OK {
			t.Fatal("refused")
		}
	}
	if m.Len() != 100 {
		t.Fatalf("Len = %d, want 100 counters", m.Len())
	}
	clk.advance(31 * time.Minute)
	if r, _ := th.Reserve(context.Background(), "late", "41.210.10.200"); !r.OK {
		t.Fatal("refused")
	}
	if m.Len() != 2 {
		t.Errorf("Len = %d after the counters expired, want only the 2 new ones", m.Len())
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
