package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// progressBar draws on a terminal only; in a pipe or a log it stays quiet.
type progressBar struct {
	w    io.Writer
	size int64
	tty  bool
	last int
}

func newProgressBar(w io.Writer, size int64) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, size: size, tty: tty, last: -1}
}

func (p *progressBar) update(pr catalog.ImportProgress) {
	if !p.tty {
		return
	}
	pct := 0
	switch {
	case pr.Phase == "reading" && p.size > 0:
		pct = int(int64(pr.Bytes) * 50 / p.size)
	case pr.Phase == "writing" && pr.ToWrite > 0:
		pct = 50 + pr.Written*50/pr.ToWrite
	default:
		return
	}
	if pct == p.last {
		return
	}
	p.last = pct
	fmt.Fprintf(p.w, "\r%-8s [%-50s] %3d%%", pr.Phase, strings.Repeat("#", pct/2), pct)
}

func (p *progressBar) done() {
	if p.tty && p.last >= 0 {
		fmt.Fprintln(p.w)
	}
}
