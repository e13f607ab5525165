package care

import "strings"

// Share is one kind of data a patient can show a linked dietitian. The profile (name,
// age, diabetes type, goal, budget) is always visible to a linked dietitian; so are the
// notes and recommendations the dietitian writes.
type Share string

const (
	ShareGlucose Share = "glucose" // glucose, insulin, HbA1c, medication and symptom records
	ShareDiary   Share = "diary"   // food diary, nutrients and spending
	ShareWeight  Share = "weight"  // weigh-ins
	ShareGoals   Share = "goals"   // goals and their progress
)

// AllShares lists the kinds in the order a form offers them.
var AllShares = []Share{ShareGlucose, ShareDiary, ShareWeight, ShareGoals}

// Label is the plain-English name of a kind of data.
func (s Share) Label() string {
	switch s {
	case ShareGlucose:
		return "Glucose and diabetes records"
	case ShareDiary:
		return "Food diary and spending"
	case ShareWeight:
		return "Weight"
	case ShareGoals:
		return "Goals"
	}
	return string(s)
}

// Shares is the set of kinds a patient shares on one link.
type Shares map[Share]bool

// SharesAll is stored for a link that shares everything (the default).
const SharesAll = "all"

// SharesNone is stored for a link that shares nothing beyond the profile.
const SharesNone = "none"

// ParseShares reads the care_links.shares column: "all", "none" or a comma list of kinds.
// Unknown words are ignored, so a stored value never widens what is shared.
func ParseShares(stored string) Shares {
	out := Shares{}
	stored = strings.TrimSpace(stored)
	if stored == SharesAll {
		for _, s := range AllShares {
			out[s] = true
		}
		return out
	}
	for _, w := range strings.Split(stored, ",") {
		w = strings.TrimSpace(w)
		for _, s := range AllShares {
			if string(s) == w {
				out[s] = true
			}
		}
	}
	return out
}

// SharesFrom builds the set from form values (checkbox names), ignoring unknown ones.
func SharesFrom(values []string) Shares {
	return ParseShares(strings.Join(values, ","))
}

// Has reports whether the kind is shared.
func (s Shares) Has(k Share) bool { return s[k] }

// All reports whether every kind is shared.
func (s Shares) All() bool {
	for _, k := range AllShares {
		if !s[k] {
			return false
		}
	}
	return true
}

// String is the stored form: "all", "none" or the kinds in AllShares order.
func (s Shares) String() string {
	if s.All() {
		return SharesAll
	}
	var parts []string
	for _, k := range AllShares {
		if s[k] {
			parts = append(parts, string(k))
		}
	}
	if len(parts) == 0 {
		return SharesNone
	}
	return strings.Join(parts, ",")
}

// Summary says in words what is shared, for lists.
func (s Shares) Summary() string {
	if s.All() {
		return "Everything"
	}
	var parts []string
	for _, k := range AllShares {
		if s[k] {
			parts = append(parts, k.Label())
		}
	}
	if len(parts) == 0 {
		return "Profile only"
	}
	return "Profile, " + strings.ToLower(strings.Join(parts, ", "))
}
