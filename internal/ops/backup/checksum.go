package backup

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
)

// Checksums counts and checksums every table that q can see.
//
// A table's checksum is SHA-256 over its rows in primary-key order; each value is written
// as a type tag, a length and a canonical text: integers and booleans in decimal (true = 1,
// as SQLite stores it), floats in Go's shortest round-trip form, times in UTC RFC 3339 with
// up to nanoseconds, UUIDs as lower-case text, bytes as they are. The same data therefore
// gives the same checksum on SQLite and PostgreSQL, and the same database restored gives
// the same checksum as at backup time.
func Checksums(ctx context.Context, engine db.Engine, q db.SQLQuerier) ([]TableSum, error) {
	tables, err := db.ListTables(ctx, engine, q)
	if err != nil {
		return nil, err
	}
	sums := make([]TableSum, 0, len(tables))
	for _, t := range tables {
		s, err := tableChecksum(ctx, q, t)
		if err != nil {
			return nil, err
		}
		sums = append(sums, s)
	}
	return sums, nil
}

func tableChecksum(ctx context.Context, q db.SQLQuerier, t db.Table) (TableSum, error) {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = db.QuoteIdent(c)
	}
	keys := make([]string, len(t.Key))
	for i, c := range t.Key {
		keys[i] = db.QuoteIdent(c)
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s",
		strings.Join(cols, ", "), db.QuoteIdent(t.Name), strings.Join(keys, ", ")))
	if err != nil {
		return TableSum{}, fmt.Errorf("backup: read %s: %w", t.Name, err)
	}
	defer rows.Close()
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, fmt.Errorf("backup: read %s: %w", t.Name, err)
		}
		for _, v := range vals {
			buf = writeValue(h, buf[:0], v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, fmt.Errorf("backup: read %s: %w", t.Name, err)
	}
	return TableSum{Name: t.Name, Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeValue writes one value in canonical form: tag byte, uvarint length, text.
func writeValue(h hash.Hash, buf []byte, v any) []byte {
	tag := byte('S')
	switch x := v.(type) {
	case nil:
		tag, buf = 'N', buf[:0]
	case int64:
		tag, buf = 'I', strconv.AppendInt(buf, x, 10)
	case int32:
		tag, buf = 'I', strconv.AppendInt(buf, int64(x), 10)
	case int:
		tag, buf = 'I', strconv.AppendInt(buf, int64(x), 10)
	case bool:
		tag = 'I'
		if x {
			buf = append(buf, '1')
		} else {
			buf = append(buf, '0')
		}
	case float64:
		tag, buf = 'F', strconv.AppendFloat(buf, x, 'g', -1, 64)
	case float32:
		tag, buf = 'F', strconv.AppendFloat(buf, float64(x), 'g', -1, 64)
	case time.Time:
		tag, buf = 'T', x.UTC().AppendFormat(buf, time.RFC3339Nano)
	case [16]byte: // a UUID from pgx
		tag = 'S'
		var s [36]byte
		hex.Encode(s[0:8], x[0:4])
		s[8] = '-'
		hex.Encode(s[9:13], x[4:6])
		s[13] = '-'
		hex.Encode(s[14:18], x[6:8])
		s[18] = '-'
		hex.Encode(s[19:23], x[8:10])
		s[23] = '-'
		hex.Encode(s[24:], x[10:])
		buf = append(buf, s[:]...)
	case string:
		buf = append(buf, x...)
	case []byte:
		tag, buf = 'B', append(buf, x...)
	default:
		buf = fmt.Appendf(buf, "%v", x)
	}
	var hdr [binary.MaxVarintLen64 + 1]byte
	hdr[0] = tag
	n := binary.PutUvarint(hdr[1:], uint64(len(buf)))
	h.Write(hdr[:n+1])
	h.Write(buf)
	return buf
}
