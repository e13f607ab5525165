package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Dir is one directory of a file backup: its name inside the archive and where it is.
type Dir struct {
	Name string // "models", "offline_cache", "uploads"
	Path string
}

// Files backs up the regular files of dirs (the recommender models, the offline cache and
// uploads), each with its size and SHA-256 in the manifest, into one encrypted archive.
func Files(ctx context.Context, dirs []Dir, o Options) (Result, error) {
	res, err := files(ctx, dirs, o)
	recordStatus(o, KindFiles, res, err)
	return res, err
}

func files(ctx context.Context, dirs []Dir, o Options) (Result, error) {
	start := time.Now()
	if len(o.Recipients) == 0 {
		return Result{}, errors.New("backup: no recipient: set ZOE_BACKUP_RECIPIENT to an age public key")
	}
	type src struct{ name, path string }
	var srcs []src
	created := o.now()
	host, _ := os.Hostname()
	m := Manifest{Format: 1, Kind: KindFiles, CreatedAt: created, Host: host}
	for _, d := range dirs {
		err := filepath.WalkDir(d.Path, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == d.Path {
					return filepath.SkipDir
				}
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !e.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(d.Path, p)
			if err != nil {
				return err
			}
			size, sum, err := fileSHA256(p)
			if err != nil {
				return err
			}
			name := path.Join(d.Name, filepath.ToSlash(rel))
			m.Files = append(m.Files, FileSum{Path: name, Size: size, SHA256: sum})
			srcs = append(srcs, src{name, p})
			return nil
		})
		if err != nil {
			return Result{}, fmt.Errorf("backup: read %s: %w", d.Path, err)
		}
	}
	res, err := o.writeArchive(fileName(KindFiles, created), start, m, func(a *archiveWriter) error {
		for _, s := range srcs {
			if err := a.addFile("files/"+s.name, s.path); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	o.log().Info("file backup written", "file", res.Path, "bytes", res.Size, "files", len(m.Files))
	return res, nil
}

// checkFiles reads every file entry, checks it against the manifest and, when into is not
// nil, writes it under into[top-level name].
func (a *archiveReader) checkFiles(m Manifest, into map[string]string) error {
	want := make(map[string]FileSum, len(m.Files))
	for _, f := range m.Files {
		want[f.Path] = f
	}
	var bad []string
	for {
		h, err := a.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(h.Name, "files/")
		w, ok := want[name]
		if !ok {
			bad = append(bad, name+": not in the manifest")
			continue
		}
		delete(want, name)
		var out io.Writer = io.Discard
		var f *os.File
		if into != nil {
			top, rest, _ := strings.Cut(name, "/")
			base, ok := into[top]
			if !ok || rest == "" || strings.Contains(rest, "..") {
				bad = append(bad, name+": unexpected path")
				continue
			}
			dest := filepath.Join(base, filepath.FromSlash(rest))
			if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
				return err
			}
			if f, err = os.OpenFile(dest, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640); err != nil {
				return err
			}
			out = f
		}
		sum := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, sum), a.tr)
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return a.classify(err)
		}
		if n != w.Size || hex.EncodeToString(sum.Sum(nil)) != w.SHA256 {
			bad = append(bad, name+": checksum differs")
		}
	}
	for name := range want {
		bad = append(bad, name+": missing")
	}
	return mismatch(bad)
}

// RestoreFiles puts a file backup's files back into dirs (by name). It refuses directories
// that already hold files unless force is set (then files are overwritten, others kept).
func RestoreFiles(path string, dirs []Dir, force bool, o VerifyOptions) (Report, error) {
	start := time.Now()
	a, m, err := openWithManifest(path, o.Identities)
	if err != nil {
		return Report{}, err
	}
	defer a.close()
	if m.Kind != KindFiles {
		return Report{Manifest: m}, fmt.Errorf("backup: %s is a %s backup, not a file backup", path, m.Kind)
	}
	into := map[string]string{}
	for _, d := range dirs {
		into[d.Name] = d.Path
		if !force {
			if ents, err := os.ReadDir(d.Path); err == nil && len(ents) > 0 {
				return Report{Manifest: m}, fmt.Errorf("backup: %s is not empty; run again with --force to overwrite its files", d.Path)
			}
		}
	}
	if err := a.checkFiles(m, into); err != nil {
		return Report{Manifest: m}, err
	}
	return Report{Manifest: m, Files: len(m.Files), Took: time.Since(start)}, nil
}
