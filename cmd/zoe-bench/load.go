package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// session is one signed-in account: its cookies and CSRF token.
type session struct {
	hc   *http.Client
	csrf string
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newTransport(conc int) *http.Transport {
	return &http.Transport{MaxIdleConns: conc * 4, MaxIdleConnsPerHost: conc * 4, IdleConnTimeout: time.Minute,
		DisableCompression: false, ResponseHeaderTimeout: 30 * time.Second}
}

func login(ctx context.Context, base string, tr *http.Transport, username, password string) (*session, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (string, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		res, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b), nil
	}
	page, err := get("/login")
	if err != nil {
		return nil, err
	}
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("no CSRF token on /login")
	}
	form := url.Values{"login": {username}, "password": {password}, "_csrf": {m[1]}}
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: status %d", username, res.StatusCode)
	}
	s := &session{hc: hc}
	if strings.HasPrefix(username, "synth-patient") {
		body, err := get("/sync/token")
		if err != nil {
			return nil, err
		}
		var tok struct {
			CSRF string `json:"csrf"`
		}
		if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.CSRF == "" {
			return nil, fmt.Errorf("/sync/token: %q", body)
		}
		s.csrf = tok.CSRF
	}
	return s, nil
}

// endpoint is one measured request kind.
type endpoint struct {
	Name string
	as   string // "patient", "dietitian" or "" (no session)
	bare bool   // served by the bare Fiber binary, not by zoe serve
	hot  bool   // profiled with -profile
	req  func(ctx context.Context, base string, s *session, i int) (*http.Request, error)
}

var searches = []string{"matooke", "beans", "posho", "groundnut", "sukuma", "tilapia", "rice", "millet", "avocado", "chapati", "nakati", "gonja"}

func get(path string, headers ...string) func(context.Context, string, *session, int) (*http.Request, error) {
	return func(ctx context.Context, base string, _ *session, _ int) (*http.Request, error) {
		r, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		return r, err
	}
}

func endpoints() []endpoint {
	kampala := timezone.Of(timezone.Fallback) // the demo accounts' zone
	return []endpoint{
		{Name: epBare, bare: true, req: get("/")},
		{Name: epConstant, req: get("/bench/constant")},
		{Name: "healthz (all middleware)", req: get("/healthz")},
		{Name: "login page (anonymous)", req: get("/login")},
		{Name: epSearch, as: "patient", hot: true, req: func(ctx context.Context, base string, _ *session, i int) (*http.Request, error) {
			r, err := http.NewRequestWithContext(ctx, "GET", base+"/foods/results?q="+url.QueryEscape(searches[i%len(searches)]), nil)
			if err == nil {
				r.Header.Set("HX-Request", "true")
			}
			return r, err
		}},
		{Name: "patient home", as: "patient", hot: true, req: get("/home")},
		{Name: "diary day", as: "patient", hot: true, req: func(ctx context.Context, base string, _ *session, i int) (*http.Request, error) {
			day := time.Now().In(kampala).AddDate(0, 0, -(i % 14)).Format("2006-01-02")
			return http.NewRequestWithContext(ctx, "GET", base+"/diary?date="+day, nil)
		}},
		{Name: "records", as: "patient", hot: true, req: get("/records")},
		{Name: "records stats", as: "patient", hot: true, req: get("/records/stats")},
		{Name: "recommendations", as: "patient", hot: true, req: get("/recommendations")},
		{Name: "meal plan", as: "patient", hot: true, req: get("/plan")},
		{Name: epRoster, as: "dietitian", hot: true, req: get("/dietitian")},
		{Name: epOffline, as: "patient", hot: true, req: get("/offline/data.json")},
		{Name: epSync, as: "patient", hot: true, req: syncRequest},
	}
}

// syncRequest is a batch of 10 new glucose readings made "offline" (fresh uuids).
func syncRequest(ctx context.Context, base string, s *session, i int) (*http.Request, error) {
	type item struct {
		UUID       string  `json:"uuid"`
		Kind       string  `json:"kind"`
		Value      float64 `json:"value"`
		Unit       string  `json:"unit"`
		Context    string  `json:"context"`
		RecordedAt string  `json:"recorded_at"`
	}
	items := make([]item, 10)
	now := time.Now().UTC()
	for k := range items {
		items[k] = item{UUID: newUUID(), Kind: "glucose", Value: 5.5 + float64((i+k)%30)/10, Unit: "mmol/L", Context: "random",
			RecordedAt: now.Add(-time.Duration(k+1) * time.Minute).Format(time.RFC3339)}
	}
	b, _ := json.Marshal(map[string]any{"items": items})
	r, err := http.NewRequestWithContext(ctx, "POST", base+"/sync", bytes.NewReader(b))
	if err == nil {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-CSRF-Token", s.csrf)
	}
	return r, err
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// result is the measurement of one endpoint.
type result struct {
	Name               string
	N, Errors          int
	P50, P95, P99      time.Duration
	Mean               time.Duration
	Throughput         float64 // requests per second
	FirstError         string
	RatioP50, RatioP95 float64 // to the constant handler of the same run
	ShareOfBare        float64 // req/s over the bare Fiber binary's req/s, same run
}

// measureAll signs in and measures every endpoint in turn. prof, when not nil, is called
// around each hot endpoint's measurement to take its profiles.
func measureAll(ctx context.Context, o options, base string, patients int, prof func(name string) func()) ([]result, error) {
	tr := newTransport(o.concurrency)
	defer tr.CloseIdleConnections()
	var pats []*session
	for i := 1; i <= min(4, patients); i++ {
		s, err := login(ctx, base, tr, fmt.Sprintf("synth-patient-%05d", i), "zoe-demo-2026")
		if err != nil {
			return nil, err
		}
		pats = append(pats, s)
	}
	diet, err := login(ctx, base, tr, "synth-dietitian-001", "zoe-demo-2026")
	if err != nil {
		return nil, err
	}
	anon := &session{hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	var out []result
	for _, ep := range endpoints() {
		sessions := []*session{anon}
		switch ep.as {
		case "patient":
			sessions = pats
		case "dietitian":
			sessions = []*session{diet}
		}
		target := base
		if ep.bare {
			target = o.bareBase
		}
		var done func()
		if prof != nil && ep.hot {
			done = prof(ep.Name)
		}
		r := measure(ctx, o, target, ep, sessions)
		if done != nil {
			done()
		}
		fmt.Printf("  %-38s n=%-6d p50=%-9s p95=%-9s p99=%-9s %7.0f req/s errors=%d\n", r.Name, r.N,
			r.P50.Round(time.Microsecond), r.P95.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Throughput, r.Errors)
		if r.Errors > 0 && r.Errors == r.N {
			return nil, fmt.Errorf("%s: every request failed: %s", ep.Name, r.FirstError)
		}
		out = append(out, r)
	}
	var constant, bare result
	for _, r := range out {
		switch r.Name {
		case epConstant:
			constant = r
		case epBare:
			bare = r
		}
	}
	for i := range out {
		if constant.P50 > 0 {
			out[i].RatioP50 = float64(out[i].P50) / float64(constant.P50)
			out[i].RatioP95 = float64(out[i].P95) / float64(constant.P95)
		}
		if bare.Throughput > 0 {
			out[i].ShareOfBare = out[i].Throughput / bare.Throughput
		}
	}
	return out, nil
}

// measure runs o.concurrency clients for o.duration (after a short warm-up) or until
// o.maxRequests requests, whichever comes first.
func measure(ctx context.Context, o options, base string, ep endpoint, sessions []*session) result {
	warm := time.Now().Add(o.duration / 5)
	deadline := warm.Add(o.duration)
	var issued atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var errs int
	var firstErr string
	var wg sync.WaitGroup
	for w := range o.concurrency {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := sessions[w%len(sessions)]
			var lat []time.Duration
			var bad int
			var msg string
			for i := w; ctx.Err() == nil; i += o.concurrency {
				now := time.Now()
				if now.After(deadline) {
					break
				}
				measured := now.After(warm)
				if measured && issued.Add(1) > int64(o.maxRequests) {
					break
				}
				req, err := ep.req(ctx, base, s, i)
				if err != nil {
					bad++
					msg = err.Error()
					continue
				}
				t0 := time.Now()
				res, err := s.hc.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				d := time.Since(t0)
				if !measured {
					continue
				}
				lat = append(lat, d)
				if err != nil {
					bad++
					if msg == "" {
						msg = err.Error()
					}
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			if firstErr == "" {
				firstErr = msg
			}
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(warm)
	if time.Now().After(deadline) {
		elapsed = deadline.Sub(warm)
	}
	r := result{Name: ep.Name, N: len(all), Errors: errs, FirstError: firstErr}
	if len(all) == 0 {
		return r
	}
	slices.Sort(all)
	var sum time.Duration
	for _, d := range all {
		sum += d
	}
	q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	r.P50, r.P95, r.P99 = q(0.50), q(0.95), q(0.99)
	r.Mean = sum / time.Duration(len(all))
	r.Throughput = float64(len(all)) / elapsed.Seconds()
	return r
}
