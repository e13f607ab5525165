package backup

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// Outcome is the last backup attempt of one kind, as recorded in the backup directory's
// status.json (so that `zoe serve`, the status page and /metrics see backups that a cron
// job or another process made).
type Outcome struct {
	Time       time.Time     `json:"time"`
	OK         bool          `json:"ok"`
	Error      string        `json:"error,omitempty"`
	File       string        `json:"file,omitempty"`
	Size       int64         `json:"size,omitempty"`
	Took       time.Duration `json:"took_ns,omitempty"`
	LastOK     time.Time     `json:"last_ok,omitempty"`
	LastOKSize int64         `json:"last_ok_size,omitempty"`
}

// Status is status.json: the last outcome per kind.
type Status map[string]Outcome

const statusFile = "status.json"

// KindVerify is the status entry of the last `zoe backup verify` of a database backup.
const KindVerify = "verify"

// RecordVerify records a verification's outcome in dir's status file (File is the backup
// verified; LastOK the time of the last successful verification).
func RecordVerify(dir, file string, rep Report, err error) {
	if err == nil && rep.Manifest.Kind != KindDatabase {
		return // file backups are not what the verify alert is about
	}
	recordStatus(Options{Dir: dir}, KindVerify, Result{Path: file, Took: rep.Took}, err)
}

// ReadStatus reads the backup directory's status (empty when there is none yet). When the
// file is missing but backups exist, the newest of each kind is reported as a success.
func ReadStatus(dir string) Status {
	st := Status{}
	if b, err := os.ReadFile(filepath.Join(dir, statusFile)); err == nil {
		_ = json.Unmarshal(b, &st)
	}
	for _, kind := range []string{KindDatabase, KindFiles} {
		if _, ok := st[kind]; ok {
			continue
		}
		if list, err := List(dir, kind); err == nil && len(list) > 0 {
			e := list[0]
			st[kind] = Outcome{Time: e.Time, OK: true, File: e.Path, Size: e.Size, LastOK: e.Time, LastOKSize: e.Size}
		}
	}
	return st
}

func recordStatus(o Options, kind string, res Result, err error) {
	if o.Dir == "" {
		return
	}
	st := ReadStatus(o.Dir)
	prev := st[kind]
	out := Outcome{Time: o.now(), OK: err == nil, LastOK: prev.LastOK, LastOKSize: prev.LastOKSize}
	if err != nil {
		out.Error = err.Error()
	} else {
		out.File, out.Size, out.Took = res.Path, res.Size, res.Took
		out.LastOK, out.LastOKSize = out.Time, res.Size
	}
	if err != nil && kind == KindVerify {
		out.File = res.Path
	}
	st[kind] = out
	b, _ := json.MarshalIndent(st, "", "  ")
	tmp := filepath.Join(o.Dir, "."+statusFile+".tmp")
	if werr := os.WriteFile(tmp, b, 0o600); werr != nil {
		o.log().Warn("backup: cannot record status", "err", werr)
		os.Remove(tmp)
		return
	}
	if rerr := os.Rename(tmp, filepath.Join(o.Dir, statusFile)); rerr != nil {
		o.log().Warn("backup: cannot record status", "err", rerr)
	}
}
