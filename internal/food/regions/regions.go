// Package regions places prices in Uganda's four statistical regions (Uganda Bureau of
// Statistics: Central, Eastern, Northern, Western). WFP's market monitoring names each
// market's district (its admin1); District maps those districts to their region, so that
// market data and price reports can be aggregated per region and a user who chose a
// region is shown that region's prices. Karamoja's districts belong to the Northern region
// in this classification.
package regions

import (
	"slices"
	"strings"
)

// The regions, in the order a form lists them.
const (
	Central  = "Central"
	Eastern  = "Eastern"
	Northern = "Northern"
	Western  = "Western"
)

// All lists the regions.
var All = []string{Central, Eastern, Northern, Western}

// Valid reports whether r is a region ("" is not: it means "not chosen").
func Valid(r string) bool { return slices.Contains(All, r) }

// districts maps every district (WFP admin1) with a monitored market to its region.
var districts = map[string]string{
	// Central
	"kampala": Central, "kyankwanzi": Central, "kiboga": Central, "masaka": Central, "mukono": Central, "wakiso": Central,
	"mpigi": Central, "luwero": Central, "mityana": Central, "mubende": Central,
	// Eastern
	"busia": Eastern, "iganga": Eastern, "jinja": Eastern, "kween": Eastern, "kapchorwa": Eastern, "mbale": Eastern,
	"soroti": Eastern, "tororo": Eastern, "kamuli": Eastern, "pallisa": Eastern, "kumi": Eastern,
	// Northern (with Karamoja and West Nile)
	"adjumani": Northern, "arua": Northern, "gulu": Northern, "koboko": Northern, "lamwo": Northern, "lira": Northern,
	"moyo": Northern, "obongi": Northern, "yumbe": Northern, "kitgum": Northern, "pader": Northern, "terego": Northern,
	"abim": Northern, "amudat": Northern, "kaabong": Northern, "kotido": Northern, "moroto": Northern,
	"nakapiripirit": Northern, "napak": Northern,
	// Western
	"hoima": Western, "isingiro": Western, "kabale": Western, "kabarole": Western, "kamwenge": Western, "kasese": Western,
	"kiryandongo": Western, "kyegegwa": Western, "masindi": Western, "mbarara": Western, "kikuube": Western,
	"bushenyi": Western, "ntungamo": Western,
}

// District gives the region of a district (WFP admin1), matched without regard to case
// or surrounding spaces; ok is false for a district it does not know.
func District(name string) (region string, ok bool) {
	region, ok = districts[strings.ToLower(strings.TrimSpace(name))]
	return region, ok
}

// Districts lists the known districts of a region, sorted, for help text on forms.
func Districts(region string) []string {
	var out []string
	for d, r := range districts {
		if r == region && !strings.Contains(d, " ") {
			out = append(out, strings.ToUpper(d[:1])+d[1:])
		}
	}
	slices.Sort(out)
	return out
}
