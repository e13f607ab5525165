package blobstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/blobstore/storetest"
)

func TestDirContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) blobstore.Store {
		d, err := blobstore.NewDir(filepath.Join(t.TempDir(), "uploads"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// A key maps to the file of the same name under the folder, so existing per-user folders
// (uploads/<user id>/) and file backups of the folder keep working.
func TestDirKeyIsPathUnderFolder(t *testing.T) {
	root := t.TempDir()
	d, _ := blobstore.NewDir(root)
	if err := d.Put(context.Background(), "42/photos/a.jpg", strings.NewReader("jpeg"), 4, "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "42", "photos", "a.jpg"))
	if err != nil || string(b) != "jpeg" {
		t.Fatalf("file = %q, %v", b, err)
	}
	// No temporary file left beside it.
	ents, _ := os.ReadDir(filepath.Join(root, "42", "photos"))
	if len(ents) != 1 {
		t.Fatalf("folder holds %d entries, want 1", len(ents))
	}
	// Deleting the last file removes the emptied folders, not the root.
	if err := d.Delete(context.Background(), "42/photos/a.jpg"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "42")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("emptied folder 42 still there: %v", err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("root removed: %v", err)
	}
}

// A symbolic link inside the folder that points outside it cannot be followed to read,
// write or delete files elsewhere.
func TestDirSymlinkCannotEscape(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "uploads")
	outside := filepath.Join(base, "secret")
	if err := os.MkdirAll(outside, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "passwd"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, _ := blobstore.NewDir(root)
	if err := os.MkdirAll(root, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "evil")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if rc, err := d.Get(ctx, "evil/passwd"); err == nil {
		rc.Close()
		t.Fatal("read a file outside the folder through a symlink")
	}
	if err := d.Put(ctx, "evil/new", strings.NewReader("x"), 1, ""); err == nil {
		t.Fatal("wrote outside the folder through a symlink")
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a file appeared outside the folder")
	}
	_ = d.Delete(ctx, "evil/passwd")
	if _, err := os.Stat(filepath.Join(outside, "passwd")); err != nil {
		t.Fatalf("deleted a file outside the folder: %v", err)
	}
	keys, err := d.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		t.Fatalf("List followed the symlink: %v", keys)
	}
}

// A Put in progress (its hidden temporary file) is not listed.
func TestDirListSkipsTemporaryFiles(t *testing.T) {
	root := t.TempDir()
	d, _ := blobstore.NewDir(root)
	if err := os.MkdirAll(filepath.Join(root, "1"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "1", ".put-abc"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := d.List(context.Background(), "1/")
	if err != nil || len(keys) != 0 {
		t.Fatalf("List = %v, %v; want nothing", keys, err)
	}
}

func TestValidKey(t *testing.T) {
	for _, k := range []string{"a", "42/photos/0b9c-1.jpg", "A_b.c-d/e", "x.tar.gz"} {
		if err := blobstore.ValidKey(k); err != nil {
			t.Errorf("ValidKey(%q) = %v, want nil", k, err)
		}
	}
	for _, k := range []string{"", "..", "a/..", "a/", "/a", "C:\\x", "a?b", "a%2fb", "a\nb"} {
		if err := blobstore.ValidKey(k); !errors.Is(err, blobstore.ErrInvalidKey) {
			t.Errorf("ValidKey(%q) = %v, want ErrInvalidKey", k, err)
		}
	}
}

// The folder is made by the first Put; before that the store is empty, not broken.
func TestDirFolderMadeOnFirstPut(t *testing.T) {
	root := filepath.Join(t.TempDir(), "not", "yet")
	d, err := blobstore.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := os.Stat(root); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("NewDir made the folder")
	}
	if keys, err := d.List(ctx, ""); err != nil || len(keys) != 0 {
		t.Fatalf("List = %v, %v", keys, err)
	}
	if _, err := d.Get(ctx, "a"); !errors.Is(err, blobstore.ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "a/b", strings.NewReader("x"), 1, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "a", "b")); err != nil {
		t.Fatal(err)
	}
}
