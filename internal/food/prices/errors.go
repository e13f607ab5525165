package prices

import (
	"fmt"
	"strconv"
	"strings"
)

// LineError is a problem with one line of the file, worded for the person who has to
// fix the file: `line 42, column "price": "12,5x" is not a number`.
type LineError struct {
	Line   int    // 1-based line in the file; the header is line 1
	Column string // header name of the column at fault, "" for the whole row
	Value  string // the offending value as read, "" when missing
	Msg    string // what is wrong, e.g. "is not a number"
	Err    error  // underlying cause when there is one (e.g. csv.ErrFieldCount)
}

func (e *LineError) Error() string {
	var b strings.Builder
	b.WriteString("line ")
	b.WriteString(strconv.Itoa(e.Line))
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	if e.Value != "" {
		b.WriteString(strconv.Quote(e.Value))
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *LineError) Unwrap() error { return e.Err }

// LineErrors is what Parse returns when Parser.MaxErrors allows more than one error and
// more than one line was wrong. errors.As(err, &lineErr) finds the first.
type LineErrors []*LineError

// maxListed bounds the message; the slice keeps every error collected.
const maxListed = 5

func (es LineErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d lines have errors", len(es))
	for i, e := range es {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(es)-maxListed)
			break
		}
		b.WriteString("; ")
		b.WriteString(e.Error())
	}
	return b.String()
}

func (es LineErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
