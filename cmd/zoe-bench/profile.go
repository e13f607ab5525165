package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

func engineLabel(engine, redisURL string) string {
	if engine == "postgres" && redisURL != "" {
		return "postgres+redis"
	}
	return engine
}

// takeProfiles starts a CPU profile and an allocation (delta) profile of the server for the
// measuring time of one endpoint, through its ZOE_PPROF listener; the returned function
// waits for both and saves them in o.outDir as <date>-<engine>-<patients>-<endpoint>.{cpu,allocs}.pprof.
func takeProfiles(ctx context.Context, pprofAddr string, o options, engine string, patients int, endpoint string, saved *[]string) func() {
	secs := max(1, int((o.duration / time.Second)))
	slug := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(endpoint))
	slug = strings.Trim(strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' }), "-"), "-")
	base := fmt.Sprintf("%s-%s-%d-%s", time.Now().Format("2006-01-02"), engine, patients, slug)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, p := range []struct{ kind, path string }{
		{"cpu", fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs)},
		{"allocs", fmt.Sprintf("/debug/pprof/allocs?seconds=%d", secs)},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The warm-up is a fifth of the duration: start after it.
			select {
			case <-ctx.Done():
				return
			case <-time.After(o.duration / 5):
			}
			name := filepath.Join(o.outDir, base+"."+p.kind+".pprof")
			if err := fetchTo(ctx, "http://"+pprofAddr+p.path, name, time.Duration(secs+30)*time.Second); err != nil {
				fmt.Printf("  profile %s of %s: %v\n", p.kind, endpoint, err)
				return
			}
			mu.Lock()
			*saved = append(*saved, filepath.Base(name))
			mu.Unlock()
		}()
	}
	return wg.Wait
}

func fetchTo(ctx context.Context, url, path string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		return fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
