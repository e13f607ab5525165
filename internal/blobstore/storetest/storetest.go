// Package storetest is the contract every blobstore.Store must meet, as tests: the local
// folder and the S3 store run the same ones.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/blobstore"
)

// Run runs the contract against stores made by newStore; each call must return an empty
// store (or one no other test writes to).
func Run(t *testing.T, newStore func(t *testing.T) blobstore.Store) {
	ctx := context.Background()

	t.Run("PutGetRoundTrip", func(t *testing.T) {
		s := newStore(t)
		body := bytes.Repeat([]byte("meal photo "), 5000)
		if err := s.Put(ctx, "7/photos/a.jpg", bytes.NewReader(body), int64(len(body)), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		if got := read(t, s, "7/photos/a.jpg"); !bytes.Equal(got, body) {
			t.Fatalf("got %d bytes back, want %d", len(got), len(body))
		}
	})

	t.Run("PutUnknownSize", func(t *testing.T) {
		s := newStore(t)
		if err := s.Put(ctx, "k", strings.NewReader("hello"), -1, "text/plain"); err != nil {
			t.Fatal(err)
		}
		if got := string(read(t, s, "k")); got != "hello" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("PutReplaces", func(t *testing.T) {
		s := newStore(t)
		put(t, s, "a/b", "first")
		put(t, s, "a/b", "second")
		if got := string(read(t, s, "a/b")); got != "second" {
			t.Fatalf("got %q, want the second version", got)
		}
		if keys := list(t, s, ""); !slices.Equal(keys, []string{"a/b"}) {
			t.Fatalf("keys %v, want only a/b", keys)
		}
	})

	t.Run("SizeMismatchStoresNothing", func(t *testing.T) {
		s := newStore(t)
		for _, size := range []int64{3, 10} {
			err := s.Put(ctx, "m/short", strings.NewReader("hello"), size, "text/plain")
			if !errors.Is(err, blobstore.ErrSizeMismatch) {
				t.Fatalf("size %d for 5 bytes: err %v, want ErrSizeMismatch", size, err)
			}
		}
		if _, err := s.Get(ctx, "m/short"); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("after failed puts Get err = %v, want ErrNotFound", err)
		}
		if keys := list(t, s, ""); len(keys) != 0 {
			t.Fatalf("failed puts left %v", keys)
		}
	})

	t.Run("FailingReaderStoresNothing", func(t *testing.T) {
		s := newStore(t)
		put(t, s, "f/x", "old")
		r := io.MultiReader(strings.NewReader("partial"), errReader{})
		if err := s.Put(ctx, "f/x", r, -1, "text/plain"); err == nil {
			t.Fatal("put from a failing reader succeeded")
		}
		if got := string(read(t, s, "f/x")); got != "old" {
			t.Fatalf("after a failed put the object is %q, want the old one", got)
		}
	})

	t.Run("GetMissing", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, "nothing/here"); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		put(t, s, "dir/file", "x")
		if _, err := s.Get(ctx, "dir"); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("Get of a key prefix: err = %v, want ErrNotFound", err)
		}
	})

	t.Run("DeleteIsIdempotent", func(t *testing.T) {
		s := newStore(t)
		put(t, s, "d/1", "x")
		put(t, s, "d/2", "y")
		if err := s.Delete(ctx, "d/1"); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "d/1"); err != nil {
			t.Fatalf("second delete: %v", err)
		}
		if err := s.Delete(ctx, "never/was"); err != nil {
			t.Fatalf("delete of a missing key: %v", err)
		}
		if _, err := s.Get(ctx, "d/1"); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("deleted key still there: %v", err)
		}
		if got := string(read(t, s, "d/2")); got != "y" {
			t.Fatalf("sibling changed to %q", got)
		}
	})

	t.Run("ListByPrefix", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"1/photos/b.jpg", "1/photos/a.jpg", "1/photos-old/c", "10/photos/d.jpg", "2/x"} {
			put(t, s, k, k)
		}
		cases := []struct {
			prefix string
			want   []string
		}{
			{"", []string{"1/photos-old/c", "1/photos/a.jpg", "1/photos/b.jpg", "10/photos/d.jpg", "2/x"}},
			{"1/", []string{"1/photos-old/c", "1/photos/a.jpg", "1/photos/b.jpg"}},
			{"1/photos/", []string{"1/photos/a.jpg", "1/photos/b.jpg"}},
			{"1/photos", []string{"1/photos-old/c", "1/photos/a.jpg", "1/photos/b.jpg"}},
			{"1/photos/a", []string{"1/photos/a.jpg"}},
			{"1", []string{"1/photos-old/c", "1/photos/a.jpg", "1/photos/b.jpg", "10/photos/d.jpg"}},
			{"3/", nil},
		}
		for _, c := range cases {
			if got := list(t, s, c.prefix); !slices.Equal(got, c.want) {
				t.Errorf("List(%q) = %v, want %v", c.prefix, got, c.want)
			}
		}
	})

	t.Run("DeletePrefix", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"5/photos/a", "5/photos/b", "50/photos/c"} {
			put(t, s, k, k)
		}
		n, err := blobstore.DeletePrefix(ctx, s, "5/")
		if err != nil || n != 2 {
			t.Fatalf("DeletePrefix = %d, %v; want 2", n, err)
		}
		if got := list(t, s, ""); !slices.Equal(got, []string{"50/photos/c"}) {
			t.Fatalf("left %v, want only 50/photos/c", got)
		}
		if _, err := blobstore.DeletePrefix(ctx, s, ""); err == nil {
			t.Fatal("DeletePrefix with an empty prefix succeeded")
		}
	})

	t.Run("InvalidKeysRefused", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"", "../x", "a/../../x", "/abs", "a//b", "a/./b", ".hidden", "a/.put-x", "a\\b", "a b", "a\x00b", "é", strings.Repeat("a", blobstore.MaxKeyLen+1)} {
			if err := s.Put(ctx, k, strings.NewReader("x"), 1, ""); !errors.Is(err, blobstore.ErrInvalidKey) {
				t.Errorf("Put(%q) err = %v, want ErrInvalidKey", k, err)
			}
			if _, err := s.Get(ctx, k); !errors.Is(err, blobstore.ErrInvalidKey) {
				t.Errorf("Get(%q) err = %v, want ErrInvalidKey", k, err)
			}
			if err := s.Delete(ctx, k); !errors.Is(err, blobstore.ErrInvalidKey) {
				t.Errorf("Delete(%q) err = %v, want ErrInvalidKey", k, err)
			}
		}
		for _, p := range []string{"../", "/", "a//", "../a"} {
			if _, err := s.List(ctx, p); !errors.Is(err, blobstore.ErrInvalidKey) {
				t.Errorf("List(%q) err = %v, want ErrInvalidKey", p, err)
			}
		}
		if keys := list(t, s, ""); len(keys) != 0 {
			t.Fatalf("refused keys stored %v", keys)
		}
	})

	t.Run("ConcurrentPutsOfOneKey", func(t *testing.T) {
		s := newStore(t)
		bodies := []string{strings.Repeat("a", 100000), strings.Repeat("b", 100000), strings.Repeat("c", 100000)}
		var wg sync.WaitGroup
		for _, b := range bodies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Put(ctx, "race/k", strings.NewReader(b), int64(len(b)), ""); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got := string(read(t, s, "race/k"))
		if !slices.Contains(bodies, got) {
			t.Fatalf("concurrent puts left a mixed object of %d bytes", len(got))
		}
		if keys := list(t, s, ""); !slices.Equal(keys, []string{"race/k"}) {
			t.Fatalf("keys %v, want only race/k", keys)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Put(cctx, "c/k", strings.NewReader("x"), 1, ""); err == nil {
			t.Fatal("put with a cancelled context succeeded")
		}
		if _, err := s.Get(ctx, "c/k"); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("cancelled put stored something: %v", err)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func put(t *testing.T, s blobstore.Store, key, body string) {
	t.Helper()
	if err := s.Put(context.Background(), key, strings.NewReader(body), int64(len(body)), "application/octet-stream"); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func read(t *testing.T, s blobstore.Store, key string) []byte {
	t.Helper()
	rc, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return b
}

func list(t *testing.T, s blobstore.Store, prefix string) []string {
	t.Helper()
	keys, err := s.List(context.Background(), prefix)
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return keys
}
