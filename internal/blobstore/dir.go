package blobstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// Dir is a Store in a local folder: the key "42/photos/a.jpg" is the file
// <root>/42/photos/a.jpg. It is the default for a single server (ZOE_UPLOADS_DIR).
//
// Every access goes through os.Root, so neither a key nor a symbolic link inside the folder
// can reach a file outside it. Put writes a hidden temporary file beside the target
// (".put-…"), syncs it and renames it into place, so a reader or a crash never sees half a
// file. The folder is opened afresh for each call, so restoring a backup that replaces the
// folder needs no restart.
type Dir struct {
	root string
}

// NewDir returns a Store in the folder root. The folder is created by the first Put;
// until then the store is empty.
func NewDir(root string) (*Dir, error) {
	if root == "" {
		return nil, errors.New("blobstore: no folder given")
	}
	return &Dir{root: root}, nil
}

// Path is the folder the store keeps its files in.
func (d *Dir) Path() string { return d.root }

// errNoRoot: the folder does not exist (yet).
var errNoRoot = errors.New("blobstore: folder missing")

func (d *Dir) open() (*os.Root, error) {
	r, err := os.OpenRoot(d.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoRoot
	}
	if err != nil {
		return nil, fmt.Errorf("blobstore: open %s: %w", d.root, err)
	}
	return r, nil
}

const tmpPrefix = ".put-"

// begin checks the key and the context, then opens the folder (errNoRoot when missing).
func (d *Dir) begin(ctx context.Context, key string) (*os.Root, error) {
	if err := ValidKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return d.open()
}

// Put implements Store.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	root, err := d.begin(ctx, key)
	if errors.Is(err, errNoRoot) {
		if err := os.MkdirAll(d.root, 0o750); err != nil {
			return fmt.Errorf("blobstore: create %s: %w", d.root, err)
		}
		root, err = d.open()
	}
	if err != nil {
		return err
	}
	defer root.Close()
	dir := path.Dir(key)
	var f *os.File
	var tmp string
	// A concurrent Delete may remove the (empty) parent folder between MkdirAll and the
	// create; try again a few times.
	for attempt := 0; ; attempt++ {
		if dir != "." {
			if err := root.MkdirAll(dir, 0o750); err != nil {
				return fmt.Errorf("blobstore: put %s: %w", key, err)
			}
		}
		tmp = path.Join(dir, tmpPrefix+randomHex())
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) || attempt >= 3 {
			return fmt.Errorf("blobstore: put %s: %w", key, err)
		}
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			_ = root.Remove(tmp)
		}
	}()
	src := r
	if size >= 0 {
		src = io.LimitReader(src, size+1)
	}
	// A cancelled request stops the copy: its next write goes to a closed file.
	stop := context.AfterFunc(ctx, func() { f.Close() })
	n, err := io.Copy(f, src)
	if !stop() || ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("blobstore: put %s: %w", key, err)
	}
	if size >= 0 && n != size {
		return fmt.Errorf("%w: put %s: announced %d bytes, read %d or more", ErrSizeMismatch, key, size, n)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("blobstore: put %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("blobstore: put %s: %w", key, err)
	}
	if err := root.Rename(tmp, key); err != nil {
		return fmt.Errorf("blobstore: put %s: %w", key, err)
	}
	ok = true
	// Make the rename itself durable.
	if pd, err := root.Open(dir); err == nil {
		_ = pd.Sync()
		pd.Close()
	}
	return nil
}

// Get implements Store.
func (d *Dir) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	root, err := d.begin(ctx, key)
	if errors.Is(err, errNoRoot) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("blobstore: get %s: %w", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("blobstore: get %s: %w", key, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	return f, nil
}

// Delete implements Store. Folders left empty are removed too.
func (d *Dir) Delete(ctx context.Context, key string) error {
	root, err := d.begin(ctx, key)
	if errors.Is(err, errNoRoot) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()
	st, err := root.Lstat(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("blobstore: delete %s: %w", key, err)
	}
	if st.IsDir() {
		return nil // a folder is not an object
	}
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blobstore: delete %s: %w", key, err)
	}
	// Remove now-empty parent folders; Remove fails on a folder that still has files,
	// which ends the walk.
	for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
		if root.Remove(dir) != nil {
			break
		}
	}
	return nil
}

// List implements Store. Hidden files (temporary files of a Put in progress) and anything
// that is not a regular file are left out.
func (d *Dir) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ValidPrefix(prefix); err != nil {
		return nil, err
	}
	root, err := d.open()
	if errors.Is(err, errNoRoot) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	start := "."
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		start = prefix[:i]
	}
	var keys []string
	err = fs.WalkDir(root.FS(), start, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == start {
				return fs.SkipAll
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p != start && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			// Skip folders that cannot hold a matching key.
			if p != start && !strings.HasPrefix(p+"/", prefix) && !strings.HasPrefix(prefix, p+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if e.Type().IsRegular() && strings.HasPrefix(p, prefix) && ValidKey(p) == nil {
			keys = append(keys, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("blobstore: list %q: %w", prefix, err)
	}
	sort.Strings(keys)
	return keys, nil
}

func randomHex() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
