package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SecretFileName is where serve keeps its signing key when ZOE_SECRET_KEY is unset.
const SecretFileName = "secret.key"

// LoadOrCreateSecret returns the key in dir/secret.key, creating it (64 random hex
// characters, mode 0600) on first use. Every instance sharing the data directory shares
// the key; instances on different machines must set ZOE_SECRET_KEY to one value instead.
func LoadOrCreateSecret(dir string) (string, error) {
	path := filepath.Join(dir, SecretFileName)
	for range 2 {
		b, err := os.ReadFile(path)
		if err == nil {
			key := strings.TrimSpace(string(b))
			if len(key) < 32 {
				return "", fmt.Errorf("%s holds a key shorter than 32 characters: delete it to make a new one, or set ZOE_SECRET_KEY", path)
			}
			return key, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("read %s: %w", path, err)
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return "", err
		}
		key := hex.EncodeToString(raw)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another instance made it first: read theirs
		}
		if err != nil {
			return "", fmt.Errorf("create %s: %w", path, err)
		}
		if _, err := f.WriteString(key + "\n"); err != nil {
			f.Close()
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		return key, nil
	}
	return "", fmt.Errorf("read %s: it keeps disappearing", path)
}
