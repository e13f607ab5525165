// Package blobstore keeps files (meal photos, offline snapshots, model files, backup copies)
// behind one small interface, so that a single server keeps them in a local folder and a
// cluster keeps them in S3-compatible object storage. Keys are slash-separated names such
// as "42/photos/9f0c….jpg"; ValidKey says which keys are allowed (the same on every store,
// so that a key that works on one works on the other).
package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNotFound is returned by Get when no object has the key.
var ErrNotFound = errors.New("blobstore: not found")

// ErrInvalidKey is returned (wrapped, with the reason) for a key or prefix ValidKey refuses.
var ErrInvalidKey = errors.New("blobstore: invalid key")

// ErrSizeMismatch is returned by Put when the reader gave a different number of bytes from
// the size announced; nothing is stored then.
var ErrSizeMismatch = errors.New("blobstore: size mismatch")

// Store keeps objects by key.
//
//   - Put stores r's bytes under key, replacing any object with that key; readers see either
//     the old object or the whole new one, never a part. size is the number of bytes r gives
//     (-1 if not known); a different count fails with ErrSizeMismatch and stores nothing.
//     contentType (e.g. "image/jpeg") is kept where the store can keep it.
//   - Get opens the object; ErrNotFound if there is none. The caller closes it.
//   - Delete removes the object; deleting a key that does not exist is not an error.
//   - List returns the keys that start with prefix (a plain string prefix, "" for all),
//     sorted.
type Store interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
	List(ctx context.Context, prefix string) ([]string, error)
}

// MaxKeyLen is the longest key allowed (S3's limit is 1024 bytes).
const MaxKeyLen = 1024

// ValidKey reports why key cannot name an object, or nil. A key is one or more segments
// separated by "/", each made of ASCII letters, digits, '-', '_' and '.', not starting with
// '.' (so no "." or ".." and no hidden files), at most MaxKeyLen bytes in all. That keeps a
// key from leaving the store's folder, from meaning different things on different file
// systems, and from needing escaping in an S3 URL.
func ValidKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidKey, MaxKeyLen)
	}
	for _, seg := range strings.Split(key, "/") {
		if err := validSegment(seg); err != nil {
			return fmt.Errorf("%w %q: %s", ErrInvalidKey, key, err)
		}
	}
	return nil
}

// ValidPrefix reports why prefix cannot be listed, or nil: "" (everything), or a key
// (ValidKey), optionally ending in "/", whose last segment may be a partial name.
func ValidPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	p := strings.TrimSuffix(prefix, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return fmt.Errorf("%w: prefix %q", ErrInvalidKey, prefix)
	}
	return ValidKey(p)
}

func validSegment(seg string) error {
	if seg == "" {
		return errors.New("empty segment")
	}
	if seg[0] == '.' {
		return errors.New("segment starts with '.'")
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		default:
			return fmt.Errorf("character %q not allowed", c)
		}
	}
	return nil
}

// DeletePrefix deletes every object whose key starts with prefix and says how many it
// deleted. prefix must not be empty (deleting everything is never what a caller means).
func DeletePrefix(ctx context.Context, s Store, prefix string) (int, error) {
	if prefix == "" {
		return 0, fmt.Errorf("%w: empty prefix for delete", ErrInvalidKey)
	}
	keys, err := s.List(ctx, prefix)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, k := range keys {
		if err := s.Delete(ctx, k); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
