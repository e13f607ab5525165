// Package safe runs work in other goroutines without letting a panic end the process.
// A panic in a goroutine cannot be caught by the HTTP recover middleware (it only sees the
// request's own goroutine), so every goroutine the app starts — on behalf of a request
// (cache loads, parallel queries) or in the background (schedulers, watchers) — runs its
// function through Call, Go or Group, and a panic becomes an error (with the stack) or a
// log line.
package safe

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"golang.org/x/sync/errgroup"
)

// PanicError is a recovered panic: the value and the stack of the goroutine that panicked.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v\n%s", e.Value, e.Stack) }

// Unwrap exposes an error value that was panicked with.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// Call runs f and returns its error, or a *PanicError if it panicked.
func Call(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Go runs f in a new goroutine; a panic is logged (with the stack) under name, and the
// goroutine ends. For background loops, schedulers and watchers.
func Go(log *slog.Logger, name string, f func()) {
	if log == nil {
		log = slog.Default()
	}
	go func() {
		if err := Call(func() error { f(); return nil }); err != nil {
			log.Error("goroutine panicked", "goroutine", name, "err", err)
		}
	}()
}

// Group is an errgroup.Group whose functions' panics are returned by Wait as errors.
type Group struct{ g *errgroup.Group }

// WithContext is errgroup.WithContext with panics turned into errors.
func WithContext(ctx context.Context) (*Group, context.Context) {
	g, gctx := errgroup.WithContext(ctx)
	return &Group{g: g}, gctx
}

// Go runs f in a new goroutine of the group.
func (g *Group) Go(f func() error) { g.g.Go(func() error { return Call(f) }) }

// Wait waits for every function and returns the first error (or recovered panic).
func (g *Group) Wait() error { return g.g.Wait() }
