package backup

import (
	"fmt"
	"os"
	"sort"
	"time"
)

// Retention: how many of the newest days, ISO weeks and months keep a backup each.
const (
	KeepDaily   = 7
	KeepWeekly  = 4
	KeepMonthly = 12
	// KeepPinned is how long a pinned backup (one taken before a migration) is kept when
	// the operator does not remove it: it is outside the daily/weekly/monthly rotation.
	KeepPinned = 90 * 24 * time.Hour
)

// Keep decides which backups to keep, grandfather-father-son style: the newest backup of
// each of the KeepDaily newest days that have one, of each of the KeepWeekly newest ISO
// weeks, and of each of the KeepMonthly newest months. times may be in any order; the
// result says, for each, whether to keep it. The newest backup is always kept.
func Keep(times []time.Time) []bool {
	idx := make([]int, len(times))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return times[idx[a]].After(times[idx[b]]) })
	keep := make([]bool, len(times))
	if len(idx) > 0 {
		keep[idx[0]] = true
	}
	bucket := func(n int, key func(time.Time) string) {
		seen := map[string]bool{}
		for _, i := range idx {
			k := key(times[i].UTC())
			if seen[k] {
				continue
			}
			if len(seen) == n {
				return
			}
			seen[k] = true
			keep[i] = true
		}
	}
	bucket(KeepDaily, func(t time.Time) string { return t.Format("2006-01-02") })
	bucket(KeepWeekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) })
	bucket(KeepMonthly, func(t time.Time) string { return t.Format("2006-01") })
	return keep
}

// Prune deletes the backups of kind in dir that Keep does not keep, and returns their paths.
// Backups dated in the future (a wrong clock) are never deleted. Pinned backups (taken
// before a migration) are not part of the rotation: they are deleted only once older than
// KeepPinned.
func Prune(dir, kind string, now time.Time) ([]string, error) {
	all, err := List(dir, kind)
	if err != nil {
		return nil, err
	}
	var list []Entry
	var removed []string
	for _, e := range all {
		if e.Pin == "" {
			list = append(list, e)
			continue
		}
		if now.Sub(e.Time) > KeepPinned {
			if err := os.Remove(e.Path); err != nil {
				return removed, fmt.Errorf("backup: prune %s: %w", e.Path, err)
			}
			removed = append(removed, e.Path)
		}
	}
	times := make([]time.Time, len(list))
	for i, e := range list {
		times[i] = e.Time
	}
	keep := Keep(times)
	for i, e := range list {
		if keep[i] || e.Time.After(now.Add(time.Hour)) {
			continue
		}
		if err := os.Remove(e.Path); err != nil {
			return removed, fmt.Errorf("backup: prune %s: %w", e.Path, err)
		}
		removed = append(removed, e.Path)
	}
	return removed, nil
}

func sortNewestFirst(es []Entry) {
	sort.Slice(es, func(i, j int) bool { return es[i].Time.After(es[j].Time) })
}
