// Command benchcompare compares two load-run reports of cmd/zoe-bench (docs/bench/results/*.md):
// for each engine, data size and endpoint found in both, the medians, p95s and the ratios to
// the constant handler, with the change from A to B. The ratio is what to compare between
// machines or days: the raw milliseconds move with the machine's load.
//
//	go run ./cmd/benchcompare bench/results/A.md bench/results/B.md
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

type row struct {
	p50, p95, req, ratio50, ratio95 float64
}

type key struct {
	engine   string
	patients int
	endpoint string
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchcompare A.md B.md")
		os.Exit(2)
	}
	a, err := parseFile(os.Args[1])
	if err == nil {
		var b map[key]row
		if b, err = parseFile(os.Args[2]); err == nil {
			err = compare(os.Stdout, os.Args[1], os.Args[2], a, b)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

func parseFile(path string) (map[key]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// parse reads the "Results" table: | engine | patients | endpoint | requests | errors | p50 | p95 | p99 | req/s | ×const p50 | ×const p95 |
func parse(r io.Reader) (map[key]row, error) {
	out := map[key]row{}
	sc := bufio.NewScanner(r)
	in := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "| engine | patients | endpoint |") {
			in = true
			continue
		}
		if !in || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			in = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 11 {
			return nil, fmt.Errorf("results row with %d cells: %q", len(cells), line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		n, err := strconv.Atoi(cells[1])
		if err != nil {
			return nil, fmt.Errorf("patients %q: %w", cells[1], err)
		}
		var v [5]float64
		for i, c := range []int{5, 6, 8, 9, 10} {
			if v[i], err = strconv.ParseFloat(cells[c], 64); err != nil {
				return nil, fmt.Errorf("number %q: %w", cells[c], err)
			}
		}
		out[key{cells[0], n, cells[2]}] = row{p50: v[0], p95: v[1], req: v[2], ratio50: v[3], ratio95: v[4]}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no results table")
	}
	return out, sc.Err()
}

func change(a, b float64) string {
	if a == 0 {
		return "–"
	}
	return fmt.Sprintf("%+.0f%%", (b-a)/a*100)
}

func compare(w io.Writer, an, bn string, a, b map[key]row) error {
	var keys []key
	for k := range a {
		if _, ok := b[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		// Two engines (sqlite against postgres+redis): match by size and endpoint.
		a, b = byEndpoint(a), byEndpoint(b)
		for k := range a {
			if _, ok := b[k]; ok {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return fmt.Errorf("the two reports have no data size and endpoint in common")
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].engine != keys[j].engine {
			return keys[i].engine < keys[j].engine
		}
		if keys[i].patients != keys[j].patients {
			return keys[i].patients < keys[j].patients
		}
		return keys[i].endpoint < keys[j].endpoint
	})
	fmt.Fprintf(w, "A: %s\nB: %s\n\n", an, bn)
	fmt.Fprintln(w, "| engine | patients | endpoint | p50 ms A → B | p95 ms A → B | ×const p50 A → B | change of ×const p50 |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|")
	for _, k := range keys {
		x, y := a[k], b[k]
		fmt.Fprintf(w, "| %s | %d | %s | %.2f → %.2f | %.2f → %.2f | %.1f → %.1f | %s |\n", k.engine, k.patients, k.endpoint,
			x.p50, y.p50, x.p95, y.p95, x.ratio50, y.ratio50, change(x.ratio50, y.ratio50))
	}
	return nil
}

func byEndpoint(m map[key]row) map[key]row {
	out := map[key]row{}
	for k, v := range m {
		out[key{"*", k.patients, k.endpoint}] = v
	}
	return out
}
