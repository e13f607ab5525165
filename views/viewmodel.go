// Package views holds the templ components. Views take view models and never query: every
// value they show is prepared by a handler.
package views

import "github.com/zoe-nutritech/zoe/static"

// Asset is the cache-busting URL of a static file.
func Asset(name string) string { return static.URL(name) }

// Viewer is the signed-in user as the layout needs them (nil when anonymous).
type Viewer struct {
	ID          int64
	Username    string
	DisplayName string
	Role        string
	// OfflineMode: the user keeps a copy of their data on the phone; the page's script
	// asks for the offline snapshot only then.
	OfflineMode bool
}

// Flash is a one-time message carried in the session across a redirect.
type Flash struct {
	Kind string // ok, error, warn
	Text string
}

// Page is what every full page shares.
type Page struct {
	Title  string
	Viewer *Viewer
	CSRF   string
	Flash  *Flash
	Active string // navigation key of the current page
	// Offline marks the cached offline shell: it has no signed-in user, yet it is not a
	// page for strangers either, so it offers no "Log in" link.
	Offline bool
}

// Errors maps a form field name to the message shown next to it.
type Errors map[string]string

// Has reports whether a field has a message.
func (e Errors) Has(field string) bool { _, ok := e[field]; return ok }

// NavItem is one entry of the role's navigation.
type NavItem struct{ Key, Label, Href string }

// Nav lists the navigation for a role; later features add their pages here.
func Nav(role string) []NavItem {
	switch role {
	case "dietitian":
		return []NavItem{{"home", "Patients", "/dietitian"}, {"links", "Invitations", "/dietitian/links"}, {"foods", "Foods", "/foods"}, {"profile", "Profile", "/profile"}}
	case "admin":
		return []NavItem{{"home", "Admin", "/admin"}, {"status", "Status", "/admin/status"}, {"care", "Care links", "/admin/care"}, {"models", "Model", "/admin/models"}, {"fooddata", "Food data", "/admin/foods"}, {"foods", "Foods", "/foods"}, {"profile", "Profile", "/profile"}}
	default:
		return []NavItem{{"home", "Home", "/home"}, {"diary", "Diary", "/diary"}, {"records", "Records", "/records"}, {"goals", "Goals", "/goals"}, {"recommendations", "Suggestions", "/recommendations"}, {"plan", "Meal plan", "/plan"}, {"chat", "Assistant", "/chat"}, {"foods", "Foods", "/foods"}, {"care", "Care team", "/care"}, {"profile", "Profile", "/profile"}}
	}
}

// HasTabs reports whether a role gets the phone's bottom tab bar: patients, whose everyday
// pages are few. Dietitians and administrators work mostly on a wide screen; on a phone their
// top navigation wraps onto several lines.
func HasTabs(role string) bool { return IsPatient(role) }

// IsPatient reports whether a role keeps a diary of its own.
func IsPatient(role string) bool { return role != "dietitian" && role != "admin" }

// Tab is one entry of the bottom tab bar.
type Tab struct {
	Label, Href string
	Current     bool
}

// tabKeys are the navigation keys with a tab of their own, in order.
var tabKeys = []struct{ key, label, href string }{
	{"home", "Home", "/home"}, {"diary", "Diary", "/diary"}, {"records", "Glucose", "/records"}, {"foods", "Foods", "/foods"},
}

func hasTab(key string) bool {
	for _, t := range tabKeys {
		if t.key == key {
			return true
		}
	}
	return false
}

// Tabs lists the bottom tab bar: four everyday pages and "More", which is current on every
// other page and jumps to the list of the other pages.
func Tabs(active string) []Tab {
	tabs := make([]Tab, 0, len(tabKeys)+1)
	for _, t := range tabKeys {
		tabs = append(tabs, Tab{Label: t.label, Href: t.href, Current: t.key == active})
	}
	return append(tabs, Tab{Label: "More", Href: "#more", Current: !hasTab(active)})
}

// MoreNav is the patient navigation without the pages that have a tab.
func MoreNav() []NavItem {
	var out []NavItem
	for _, item := range Nav("patient") {
		if !hasTab(item.Key) {
			out = append(out, item)
		}
	}
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
