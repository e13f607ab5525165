package recommend

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

const modelFormat = "zoe-recommender-logreg/1"

// Model is a trained preference model and the metadata stored with it.
type Model struct {
	Format        string         `json:"format"`
	Version       int            `json:"version"`
	TrainedAt     time.Time      `json:"trained_at"`
	Description   string         `json:"description"`
	SyntheticData bool           `json:"synthetic_data"`
	Training      TrainingCounts `json:"training"`
	Features      []string       `json:"features"`
	Intercept     float64        `json:"intercept"`
	Weights       []float64      `json:"weights"`
	L2            float64        `json:"l2"`
	Seed          uint64         `json:"seed"`
	Metrics       Metrics        `json:"metrics"`
	// Checksum is "sha256:" + hex of the file's JSON encoding with this field empty.
	Checksum string `json:"checksum"`

	cols []int // Features resolved to featureRegistry indices
}

// VersionLabel is the short version shown to people: "v0003".
func (m *Model) VersionLabel() string {
	if m == nil {
		return ""
	}
	return fmt.Sprintf("v%04d", m.Version)
}

// FileName is the model's file name in a model directory.
func (m *Model) FileName() string { return modelFileName(m.Version) }

func modelFileName(version int) string { return fmt.Sprintf("recommender-v%04d.json", version) }

var modelFileRE = regexp.MustCompile(`^recommender-v(\d{4,})\.json$`)

// Predict is the model's probability that the user accepts the food. categories
// maps food keys to categories for the user's history (nil leaves it out).
func (m *Model) Predict(user UserContext, food Food, categories map[string]string) float64 {
	h := summariseHistory(user, func(k string) string { return categories[k] })
	return m.predictVector(featureVector(food, user, &h, nil))
}

// predictVector takes a full feature vector (FeatureNames order).
func (m *Model) predictVector(full []float64) float64 {
	z := m.Intercept
	for i, c := range m.cols {
		z += m.Weights[i] * full[c]
	}
	return sigmoid(z)
}

// computeChecksum hashes the model's JSON with the checksum field empty.
func (m *Model) computeChecksum() (string, error) {
	c := *m
	c.Checksum = ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// validate checks a decoded model and resolves its features.
func (m *Model) validate() error {
	if m.Format != modelFormat {
		return fmt.Errorf("format %q, want %q", m.Format, modelFormat)
	}
	want, err := m.computeChecksum()
	if err != nil {
		return fmt.Errorf("checksum: %w", err)
	}
	if m.Checksum != want {
		return errors.New("checksum mismatch")
	}
	if len(m.Features) == 0 || len(m.Weights) != len(m.Features) {
		return fmt.Errorf("%d weights for %d features", len(m.Weights), len(m.Features))
	}
	cols := make([]int, len(m.Features))
	for i, n := range m.Features {
		if cols[i] = featureIndex(n); cols[i] < 0 {
			return fmt.Errorf("unknown feature %q", n)
		}
	}
	for _, w := range append([]float64{m.Intercept}, m.Weights...) {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return errors.New("non-finite weight")
		}
	}
	m.cols = cols
	return nil
}

// ParseModel decodes and validates a model file's contents.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Save writes m into dir as the next version (one more than the highest
// version file present, valid or not), atomically: the JSON goes to a temp file
// in dir, is synced, and is then linked to its final name, which never
// overwrites an existing version. It sets m.Version and m.Checksum and returns
// the path written.
func Save(dir string, m *Model) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("recommend: save model: %w", err)
	}
	files, err := listModelFiles(dir)
	if err != nil {
		return "", fmt.Errorf("recommend: save model: %w", err)
	}
	next := 1
	if len(files) > 0 {
		next = files[0].Version + 1
	}
	m.Format = modelFormat
	for attempt := 0; attempt < 10; attempt, next = attempt+1, next+1 {
		m.Version = next
		if m.Checksum, err = m.computeChecksum(); err != nil {
			return "", fmt.Errorf("recommend: save model: %w", err)
		}
		data, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return "", fmt.Errorf("recommend: save model: %w", err)
		}
		final := filepath.Join(dir, m.FileName())
		err = writeNoClobber(dir, final, append(data, '\n'))
		if errors.Is(err, fs.ErrExist) {
			continue // another writer took this version
		}
		if err != nil {
			return "", fmt.Errorf("recommend: save model %s: %w", final, err)
		}
		if m.cols == nil {
			_ = m.validate()
		}
		return final, nil
	}
	return "", errors.New("recommend: save model: no free version after 10 attempts")
}

func writeNoClobber(dir, final string, data []byte) error {
	tmp, err := os.CreateTemp(dir, ".recommender-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600; model files are not secret
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), final); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the new name durable; not all systems support it
		d.Close()
	}
	return nil
}

// ModelFile describes one version file found in a model directory.
type ModelFile struct {
	Path    string
	Version int
	Size    int64
	ModTime time.Time
	Valid   bool
	Reason  string // why the file is not valid
}

// listModelFiles lists version files by name, newest version first, without
// reading them.
func listModelFiles(dir string) ([]ModelFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []ModelFile
	for _, e := range entries {
		sub := modelFileRE.FindStringSubmatch(e.Name())
		if sub == nil || e.IsDir() {
			continue
		}
		v, err := strconv.Atoi(sub[1])
		if err != nil {
			continue
		}
		mf := ModelFile{Path: filepath.Join(dir, e.Name()), Version: v}
		if info, err := e.Info(); err == nil {
			mf.Size, mf.ModTime = info.Size(), info.ModTime()
		}
		out = append(out, mf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, nil
}

// loadFile reads and validates one version file.
func loadFile(mf ModelFile) (*Model, error) {
	data, err := os.ReadFile(mf.Path)
	if err != nil {
		return nil, err
	}
	m, err := ParseModel(data)
	if err != nil {
		return nil, err
	}
	if m.Version != mf.Version {
		return nil, fmt.Errorf("file says version %d", m.Version)
	}
	return m, nil
}

// ScanModels reads every version file in dir, newest first, and says which are
// valid.
func ScanModels(dir string) ([]ModelFile, error) {
	files, err := listModelFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("recommend: scan models: %w", err)
	}
	for i := range files {
		if _, err := loadFile(files[i]); err != nil {
			files[i].Reason = err.Error()
		} else {
			files[i].Valid = true
		}
	}
	return files, nil
}

// LoadNewest loads the newest valid model in dir, skipping files that do not
// parse, fail their checksum or name unknown features. skipped lists the newer
// files passed over, each with its reason. The error is non-nil when no valid
// model exists (the directory is missing, empty, or every file is invalid).
func LoadNewest(dir string) (m *Model, skipped []ModelFile, err error) {
	files, err := listModelFiles(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("recommend: load model: %w", err)
	}
	for _, mf := range files {
		m, err := loadFile(mf)
		if err != nil {
			mf.Reason = err.Error()
			skipped = append(skipped, mf)
			continue
		}
		return m, skipped, nil
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("recommend: load model: no recommender-v*.json in %s", dir)
	}
	return nil, skipped, fmt.Errorf("recommend: load model: no valid model in %s (%s)", dir, describeSkipped(skipped))
}

func describeSkipped(skipped []ModelFile) string {
	parts := make([]string, 0, len(skipped))
	for _, s := range skipped {
		parts = append(parts, filepath.Base(s.Path)+": "+s.Reason)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
