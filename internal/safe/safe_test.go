package safe

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

func TestCallTurnsAPanicIntoAnError(t *testing.T) {
	err := Call(func() error {
		var s []int
		_ = s[5] // index out of range
		return nil
	})
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "index out of range") || len(pe.Stack) == 0 {
		t.Fatalf("Call = %v", err)
	}
	want := errors.New("boom")
	if err := Call(func() error { panic(want) }); !errors.Is(err, want) {
		t.Errorf("a panicked error is not unwrapped: %v", err)
	}
	if err := Call(func() error { return want }); err != want {
		t.Errorf("Call changed a plain error: %v", err)
	}
}

func TestGoLogsAPanic(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	done := make(chan struct{})
	log := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		buf.Write(p)
		close(done)
		return len(p), nil
	}), nil))
	Go(log, "watcher", func() { panic("watcher broke") })
	<-done
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(buf.String(), "watcher broke") || !strings.Contains(buf.String(), "goroutine=watcher") {
		t.Errorf("log: %s", buf.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestGroupReturnsAPanic(t *testing.T) {
	g, _ := WithContext(context.Background())
	g.Go(func() error { return nil })
	g.Go(func() error { panic("query broke") })
	var pe *PanicError
	if err := g.Wait(); !errors.As(err, &pe) {
		t.Fatalf("Wait = %v", err)
	}
}
