// Package backup writes, verifies and restores ZOE NutriTech's backups.
//
// A backup file is one self-contained, encrypted archive:
//
//	"ZOEBACKUP2\n"           11 bytes, plain
//	payload length           8 bytes, big-endian, plain
//	SHA-256 of age header    32 bytes: the payload's age header (recipient stanzas and MAC)
//	CRC-32C                  4 bytes, of the 51 bytes above
//	payload                  age-encrypted zstd-compressed tar:
//	    manifest.json        what is inside: time, engine, schema version, row count and
//	                         checksum per table (or size and checksum per file)
//	    database.pgdump      pg_dump custom format (PostgreSQL), or
//	    database.sqlite      a consistent copy made with VACUUM INTO (SQLite), or
//	    files/...            models/, offline_cache/, uploads/ (file backups)
//
// age authenticates every 64 KiB chunk, so a modified file fails to decrypt; the plain
// length lets a truncated file be told apart from a tampered one before decrypting; the
// CRC tells a damaged length from a truncated file, and the age header's hash tells a damaged
// header from a wrong key. Files of format 1 ("ZOEBACKUP1\n" and the length only) are still
// read.
package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"
)

const (
	magic       = "ZOEBACKUP2\n"
	magicV1     = "ZOEBACKUP1\n"
	headerLenV1 = len(magicV1) + 8
	headerLen   = len(magic) + 8 + sha256.Size + 4
	manifestTar = "manifest.json"
	// Ext is the extension of backup files.
	Ext = ".zoebak"
)

// What a damaged or foreign file is reported as (match with errors.Is).
var (
	ErrNotBackup = errors.New("not a zoe backup file")
	ErrTruncated = errors.New("the backup file is truncated")
	ErrTampered  = errors.New("the backup file was modified after it was written (authentication failed)")
	ErrCorrupt   = errors.New("the backup file's header is corrupted")
	ErrWrongKey  = errors.New("wrong key: the identity does not match the key this backup was encrypted to")
	ErrMismatch  = errors.New("the restored data does not match the manifest")
	ErrDiskFull  = errors.New("no space left in the backup directory")
)

// Manifest describes a backup; it is the first entry of the archive.
type Manifest struct {
	Format        int        `json:"format"`
	Kind          string     `json:"kind"` // "database" or "files"
	CreatedAt     time.Time  `json:"created_at"`
	Engine        string     `json:"engine,omitempty"`
	SchemaVersion int64      `json:"schema_version,omitempty"`
	DataFile      string     `json:"data_file,omitempty"`
	DataSize      int64      `json:"data_size,omitempty"`
	DataSHA256    string     `json:"data_sha256,omitempty"`
	Tables        []TableSum `json:"tables,omitempty"`
	Files         []FileSum  `json:"files,omitempty"`
	Host          string     `json:"host,omitempty"`
	Tool          string     `json:"tool,omitempty"` // e.g. "pg_dump (PostgreSQL) 15.8"
}

// TableSum is the row count and checksum of one table (see Checksum).
type TableSum struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// FileSum is one file of a file backup.
type FileSum struct {
	Path   string `json:"path"` // "models/default.json"
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Rows is the total row count.
func (m Manifest) Rows() int64 {
	var n int64
	for _, t := range m.Tables {
		n += t.Rows
	}
	return n
}

// archiveWriter writes a backup file to a temporary name and renames it into place only
// when complete, so a failure (a full disk) never replaces or damages an earlier backup.
type archiveWriter struct {
	f     *os.File
	final string
	enc   io.WriteCloser
	zw    *zstd.Encoder
	tw    *tar.Writer
}

func createArchive(dir, name string, recipients []age.Recipient) (*archiveWriter, error) {
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return nil, diskErr(dir, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	a := &archiveWriter{f: f, final: filepath.Join(dir, name)}
	if _, err := f.Write(append([]byte(magic), make([]byte, headerLen-len(magic))...)); err != nil {
		a.abort()
		return nil, diskErr(dir, err)
	}
	if a.enc, err = age.Encrypt(f, recipients...); err != nil {
		a.abort()
		return nil, err
	}
	if a.zw, err = zstd.NewWriter(a.enc, zstd.WithEncoderLevel(zstd.SpeedDefault)); err != nil {
		a.abort()
		return nil, err
	}
	a.tw = tar.NewWriter(a.zw)
	return a, nil
}

func (a *archiveWriter) addBytes(name string, b []byte) error {
	if err := a.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: time.Now()}); err != nil {
		return a.fail(err)
	}
	_, err := a.tw.Write(b)
	return a.fail(err)
}

func (a *archiveWriter) addFile(name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := a.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return a.fail(err)
	}
	_, err = io.Copy(a.tw, f)
	return a.fail(err)
}

func (a *archiveWriter) fail(err error) error {
	if err == nil {
		return nil
	}
	return diskErr(filepath.Dir(a.final), err)
}

// commit finishes the archive, records the payload length, syncs and renames it into place.
func (a *archiveWriter) commit() (int64, error) {
	dir := filepath.Dir(a.final)
	for _, c := range []io.Closer{a.tw, a.zw, a.enc} {
		if err := c.Close(); err != nil {
			a.abort()
			return 0, diskErr(dir, err)
		}
	}
	end, err := a.f.Seek(0, io.SeekCurrent)
	if err != nil {
		a.abort()
		return 0, err
	}
	ageHdr, err := readAgeHeader(a.f, int64(headerLen), end-int64(headerLen))
	if err != nil {
		a.abort()
		return 0, err
	}
	if _, err := a.f.WriteAt(frameHeader(end-int64(headerLen), ageHdr), 0); err != nil {
		a.abort()
		return 0, diskErr(dir, err)
	}
	if err := a.f.Sync(); err != nil {
		a.abort()
		return 0, diskErr(dir, err)
	}
	if err := a.f.Close(); err != nil {
		os.Remove(a.f.Name())
		return 0, diskErr(dir, err)
	}
	if err := os.Rename(a.f.Name(), a.final); err != nil {
		os.Remove(a.f.Name())
		return 0, err
	}
	syncDir(dir)
	return end, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameHeader is the plain header: magic, payload length, the age header's SHA-256, CRC-32C.
func frameHeader(payload int64, ageHdr []byte) []byte {
	h := make([]byte, 0, headerLen)
	h = append(h, magic...)
	h = binary.BigEndian.AppendUint64(h, uint64(payload))
	sum := sha256.Sum256(ageHdr)
	h = append(h, sum[:]...)
	return binary.BigEndian.AppendUint32(h, crc32.Checksum(h, castagnoli))
}

// readAgeHeader reads the age header at off: the lines up to and including "--- <MAC>".
func readAgeHeader(f io.ReaderAt, off, limit int64) ([]byte, error) {
	buf := make([]byte, min(limit, 1<<20))
	n, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	buf = buf[:n]
	i := bytes.Index(buf, []byte("\n--- "))
	if i < 0 {
		return nil, errors.New("no age header end found")
	}
	j := bytes.IndexByte(buf[i+1:], '\n')
	if j < 0 {
		return nil, errors.New("no age header end found")
	}
	return buf[:i+1+j+1], nil
}

func (a *archiveWriter) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// diskErr turns "no space left on device" into a message that says what happened and that
// nothing was lost.
func diskErr(dir string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "No space left on device") ||
		strings.Contains(msg, "database or disk is full") {
		return fmt.Errorf("%w (%s): this backup was not written; earlier backups are kept: %v", ErrDiskFull, dir, err)
	}
	return err
}

// ensureDir creates the backup directory with mode 0700 (and tightens an existing one).
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup: create %s: %w", dir, err)
	}
	return os.Chmod(dir, 0o700)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// archiveReader reads a backup file: it checks the frame, decrypts and decompresses.
type archiveReader struct {
	f      *os.File
	ageErr *errReader
	zr     *zstd.Decoder
	tr     *tar.Reader
}

func openArchive(path string, ids []age.Identity) (*archiveReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*archiveReader, error) { f.Close(); return nil, err }
	st, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	hdr := make([]byte, headerLen)
	n, _ := io.ReadFull(f, hdr)
	hdr = hdr[:n]
	hl := headerLen
	switch {
	case n >= len(magic) && string(hdr[:len(magic)]) == magicV1:
		hl = headerLenV1
	case n >= len(magic) && string(hdr[:len(magic)]) == magic:
	case n > 0 && n < len(magic) && (strings.HasPrefix(magic, string(hdr)) || strings.HasPrefix(magicV1, string(hdr))):
		return fail(fmt.Errorf("%w: %d bytes, shorter than the header", ErrTruncated, st.Size()))
	default:
		return fail(ErrNotBackup)
	}
	if n < hl {
		return fail(fmt.Errorf("%w: %d bytes, shorter than the header", ErrTruncated, st.Size()))
	}
	hdr = hdr[:hl]
	if hl == headerLen {
		if crc32.Checksum(hdr[:hl-4], castagnoli) != binary.BigEndian.Uint32(hdr[hl-4:]) {
			return fail(fmt.Errorf("%w: its checksum does not match (the length or the header hash was altered); "+
				"the file may be intact otherwise, but it cannot be trusted", ErrCorrupt))
		}
	}
	if _, err := f.Seek(int64(hl), io.SeekStart); err != nil {
		return fail(err)
	}
	want := int64(binary.BigEndian.Uint64(hdr[len(magic):]))
	have := st.Size() - int64(hl)
	switch {
	case want == 0:
		return fail(fmt.Errorf("%w: the file was never completed", ErrTruncated))
	case have < want:
		return fail(fmt.Errorf("%w: %d of %d bytes present", ErrTruncated, st.Size(), want+int64(hl)))
	case have > want:
		return fail(fmt.Errorf("%w: %d bytes of unexpected trailing data", ErrTampered, have-want))
	}
	if hl == headerLen {
		ageHdr, err := readAgeHeader(f, int64(hl), want)
		if err != nil {
			return fail(fmt.Errorf("%w: the encryption header cannot be read: %v", ErrCorrupt, err))
		}
		if sum := sha256.Sum256(ageHdr); !bytes.Equal(sum[:], hdr[len(magic)+8:len(magic)+8+sha256.Size]) {
			return fail(fmt.Errorf("%w: the encryption header (its recipients or MAC) was altered; this is damage, not a wrong key", ErrCorrupt))
		}
	}
	dec, err := age.Decrypt(io.LimitReader(f, want), ids...)
	if err != nil {
		return fail(classifyAge(err))
	}
	a := &archiveReader{f: f, ageErr: &errReader{r: dec}}
	if a.zr, err = zstd.NewReader(a.ageErr, zstd.WithDecoderConcurrency(2)); err != nil {
		return fail(err)
	}
	a.tr = tar.NewReader(a.zr)
	return a, nil
}

// next returns the next entry, with errors classified.
func (a *archiveReader) next() (*tar.Header, error) {
	h, err := a.tr.Next()
	return h, a.classify(err)
}

func (a *archiveReader) classify(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if a.ageErr.err != nil && a.ageErr.err != io.EOF {
		return classifyAge(a.ageErr.err)
	}
	return fmt.Errorf("backup: damaged archive: %w", err)
}

func (a *archiveReader) close() {
	a.zr.Close()
	a.f.Close()
}

// readManifest reads the first entry.
func (a *archiveReader) readManifest() (Manifest, error) {
	var m Manifest
	h, err := a.next()
	if err != nil {
		return m, err
	}
	if h.Name != manifestTar {
		return m, fmt.Errorf("backup: damaged archive: first entry is %q, not the manifest", h.Name)
	}
	b, err := io.ReadAll(a.tr)
	if err != nil {
		return m, a.classify(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("backup: damaged manifest: %w", err)
	}
	return m, nil
}

func classifyAge(err error) error {
	var nim *age.NoIdentityMatchError
	switch {
	case errors.As(err, &nim), errors.Is(err, age.ErrIncorrectIdentity):
		return ErrWrongKey
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	return fmt.Errorf("%w: %v", ErrTampered, err)
}

// errReader remembers the first error of the decrypting reader (zstd reads ahead in
// goroutines and may report its own error instead).
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// ParseRecipients reads age public keys ("age1…"), separated by commas or spaces.
func ParseRecipients(s string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		r, err := age.ParseX25519Recipient(f)
		if err != nil {
			return nil, fmt.Errorf("ZOE_BACKUP_RECIPIENT: %w", err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, errors.New("ZOE_BACKUP_RECIPIENT is not set: backups are encrypted to an age public key (age-keygen makes one)")
	}
	return out, nil
}

// ReadIdentities reads an age identity file (the private keys, "AGE-SECRET-KEY-1…").
func ReadIdentities(path string) ([]age.Identity, error) {
	if path == "" {
		return nil, errors.New("ZOE_BACKUP_IDENTITY_FILE is not set: verifying and restoring need the age identity file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ZOE_BACKUP_IDENTITY_FILE: %w", err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("ZOE_BACKUP_IDENTITY_FILE %s: %w", path, err)
	}
	return ids, nil
}
