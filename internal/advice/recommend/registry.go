package recommend

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Status is what the admin page shows about the recommender model.
type Status struct {
	Dir           string
	Loaded        bool // false: recommendations use rules only
	Version       string
	File          string
	TrainedAt     time.Time
	Description   string
	SyntheticData bool
	Metrics       Metrics
	Training      TrainingCounts
	LoadedAt      time.Time // when the current model (or the rules-only state) was loaded
	CheckedAt     time.Time // when the directory was last looked at
	Warning       string    // the last load warning; empty when all is well
	Skipped       []ModelFile
}

// Registry holds the current model and reloads it from a directory without a
// restart. It is safe for concurrent use; Current never blocks on a reload.
type Registry struct {
	dir     string
	now     func() time.Time
	current atomic.Pointer[Model]

	mu        sync.Mutex
	status    Status
	signature string
}

// NewRegistry loads the newest valid model from dir. A missing or corrupt model
// is not an error: the registry then serves no model (rules only) and its
// Status carries the warning.
func NewRegistry(dir string) *Registry {
	r := &Registry{dir: dir, now: time.Now}
	r.Reload()
	return r
}

// Current is the model in use, or nil for rules only.
func (r *Registry) Current() *Model { return r.current.Load() }

// Status reports the current model and the last load warning.
func (r *Registry) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.status
	s.Skipped = append([]ModelFile(nil), r.status.Skipped...)
	return s
}

// Reload rescans the directory and switches to its newest valid model, or to
// rules only when there is none.
func (r *Registry) Reload() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reloadLocked(r.dirSignature())
	return r.status
}

// ReloadIfChanged reloads only when the set of version files, their sizes or
// their modification times changed since the last load. It reports whether a
// reload happened.
func (r *Registry) ReloadIfChanged() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	sig := r.dirSignature()
	r.status.CheckedAt = r.now()
	if sig == r.signature {
		return false
	}
	r.reloadLocked(sig)
	return true
}

// Watch calls ReloadIfChanged every interval until ctx is done, and onReload (when not
// nil) after each switch to other files. Run it in its own goroutine.
func (r *Registry) Watch(ctx context.Context, interval time.Duration, onReload func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if r.ReloadIfChanged() && onReload != nil {
				onReload()
			}
		}
	}
}

func (r *Registry) dirSignature() string {
	files, err := listModelFiles(r.dir)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s|%d|%d\n", filepath.Base(f.Path), f.Size, f.ModTime.UnixNano())
	}
	return b.String()
}

func (r *Registry) reloadLocked(sig string) {
	now := r.now()
	m, skipped, err := LoadNewest(r.dir)
	s := Status{Dir: r.dir, LoadedAt: now, CheckedAt: now, Skipped: skipped}
	switch {
	case err != nil:
		s.Warning = err.Error() + "; recommendations use rules only"
	case len(skipped) > 0:
		s.Warning = fmt.Sprintf("recommend: skipped newer model files (%s); using %s",
			describeSkipped(skipped), m.VersionLabel())
	}
	if m != nil {
		s.Loaded = true
		s.Version = m.VersionLabel()
		s.File = filepath.Join(r.dir, m.FileName())
		s.TrainedAt = m.TrainedAt
		s.Description = m.Description
		s.SyntheticData = m.SyntheticData
		s.Metrics = m.Metrics
		s.Training = m.Training
	}
	r.current.Store(m)
	r.status = s
	r.signature = sig
}
