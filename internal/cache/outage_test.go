package cache_test

import (
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// TestRedisOutageBypassAndRecovery stops a throwaway redis-server under a
// running cache and starts it again.
func TestRedisOutageBypassAndRecovery(t *testing.T) {
	srv := cachetest.StartServer(t)
	client := cachetest.ClientAt(t, srv.URL())
	m := newMetrics(t)
	r := cache.NewRedis(client, "zoe", cache.WithCooldown(50*time.Millisecond))
	c := cache.WithMetrics(r, m)
	ctx := context.Background()
	src := &source{value: beansNov2024}

	mustGet(t, c, "price", "beans", src)
	mustGet(t, c, "price", "beans", src)
	wantCounts(t, m, "price", 1, 1, 0, 0)

	srv.Stop()

	src.set(beansDec2024)
	start := time.Now()
	got, err := cache.GetOrLoad(ctx, c, "price", "price", "beans", time.Minute, src.load)
	if err != nil {
		t.Fatalf("GetOrLoad during the outage failed the request: %v", err)
	}
	if got != beansDec2024 {
		t.Errorf("during the outage got %+v, want the loaded %+v", got, beansDec2024)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("bypass took %v; timeouts should be short", d)
	}
	wantCounts(t, m, "price", 1, 1, 1, 0)

	if err := c.Invalidate(ctx, "price"); !errors.Is(err, cache.ErrUnavailable) {
		t.Errorf("Invalidate during the outage: %v, want ErrUnavailable", err)
	}
	if d := r.Dirty(); !slices.Equal(d, []string{"price"}) {
		t.Errorf("Dirty() = %v, want [price]", d)
	}
	if _, err := c.Incr(ctx, "n", time.Minute); !errors.Is(err, cache.ErrUnavailable) {
		t.Errorf("Incr during the outage: %v, want ErrUnavailable", err)
	}
	if err := c.Ping(ctx); !errors.Is(err, cache.ErrUnavailable) {
		t.Errorf("Ping during the outage: %v, want ErrUnavailable", err)
	}

	srv.Start()
	time.Sleep(60 * time.Millisecond) // past the cooldown

	if got := mustGet(t, c, "price", "beans", src); got != beansDec2024 {
		t.Errorf("after recovery got %+v", got)
	}
	if got := mustGet(t, c, "price", "beans", src); got != beansDec2024 {
		t.Errorf("after recovery, cached: got %+v", got)
	}
	wantCounts(t, m, "price", 2, 2, 1, 0)
	if d := r.Dirty(); len(d) != 0 {
		t.Errorf("Dirty() after recovery = %v, want none", d)
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("Ping after recovery: %v", err)
	}
}

// TestInvalidateDuringPartitionIsNotLost: Redis keeps its data while one
// instance cannot reach it (a network partition, not a restart). The
// Invalidate that instance missed must land before it serves anything again.
func TestInvalidateDuringPartitionIsNotLost(t *testing.T) {
	direct := cachetest.Client(t)
	prefix := cachetest.Prefix(t, direct)
	proxy := startProxy(t, direct.Options().Addr)
	viaProxy := cachetest.ClientAt(t, "redis://"+proxy.addr+"/"+strconv.Itoa(direct.Options().DB))

	mA := newMetrics(t)
	rA := cache.NewRedis(viaProxy, prefix, cache.WithCooldown(50*time.Millisecond))
	a := cache.WithMetrics(rA, mA)
	b := cache.NewRedis(direct, prefix) // a second instance that never loses Redis
	ctx := context.Background()
	src := &source{value: beansNov2024}

	mustGet(t, a, "price", "beans", src)
	mustGet(t, b, "price", "beans", src)
	if n := src.calls.Load(); n != 1 {
		t.Fatalf("setup: %d loads, want 1", n)
	}

	proxy.cut()
	src.set(beansDec2024) // the price changes while A is cut off...
	if err := a.Invalidate(ctx, "price"); !errors.Is(err, cache.ErrUnavailable) {
		t.Fatalf("Invalidate across the partition: %v, want ErrUnavailable", err)
	}
	if got := mustGet(t, a, "price", "beans", src); got != beansDec2024 {
		t.Errorf("A during the partition got %+v, want a bypass to the new price", got)
	}
	wantCounts(t, mA, "price", 0, 1, 1, 0)
	// The documented limit: B still serves the old generation until A's bump lands.
	if got := mustGet(t, b, "price", "beans", src); got != beansNov2024 {
		t.Errorf("B during the partition got %+v; expected the old entry (documented limit)", got)
	}

	proxy.restore()
	time.Sleep(60 * time.Millisecond) // past A's cooldown

	if got := mustGet(t, a, "price", "beans", src); got != beansDec2024 {
		t.Errorf("A after the partition served %+v, want %+v: the missed Invalidate was lost", got, beansDec2024)
	}
	if d := rA.Dirty(); len(d) != 0 {
		t.Errorf("Dirty() after the partition = %v", d)
	}
	if got := mustGet(t, b, "price", "beans", src); got != beansDec2024 {
		t.Errorf("B after the partition got %+v, want %+v", got, beansDec2024)
	}
}

// TestRedisTimeoutIsShortAndCoolsDown: a Redis that accepts connections and
// never answers (overloaded, half-dead network) costs one short timeout, then
// requests skip it during the cooldown.
func TestRedisTimeoutIsShortAndCoolsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn) // read nothing, answer nothing
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})

	client, err := cache.NewRedisClient("redis://" + ln.Addr().String() + "/0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	m := newMetrics(t)
	c := cache.WithMetrics(cache.NewRedis(client, "zoe", cache.WithOpTimeout(100*time.Millisecond),
		cache.WithCooldown(time.Minute)), m)
	src := &source{value: beansNov2024}

	start := time.Now()
	mustGet(t, c, "price", "beans", src)
	first := time.Since(start)
	start = time.Now()
	mustGet(t, c, "price", "beans", src)
	second := time.Since(start)

	if first > time.Second {
		t.Errorf("first call against a silent Redis took %v, want about the 100ms op timeout", first)
	}
	// Generous bound: the point is that it does not wait for the 100 ms Redis timeout again.
	if second > 90*time.Millisecond {
		t.Errorf("second call took %v; during the cooldown it should not wait for Redis", second)
	}
	wantCounts(t, m, "price", 0, 0, 2, 0)
	if n := src.calls.Load(); n != 2 {
		t.Errorf("load called %d times, want 2", n)
	}
}

// tcpProxy forwards a port to Redis and can cut the link, to simulate a
// network partition while Redis keeps its data.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{t: t, addr: ln.Addr().String(), target: target}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); _ = out.Close() }()
			go func() { _, _ = io.Copy(in, out); _ = in.Close() }()
		}
	}()
}

// cut closes the listener and every forwarded connection.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *tcpProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy re-listen on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
