// Package clientip finds the address of the person behind a request when the app runs
// behind reverse proxies or load balancers.
//
// X-Forwarded-For is a list each proxy appends the address it received from to. Only
// the entries added by proxies we run can be believed: anything to their left was
// written by the client and may be forged. So the client is the right-most address
// that is not one of our proxies, found by walking the list from the right while the
// hop is trusted — and only when the request itself came from a trusted proxy.
// (MDN and the OWASP guidance on X-Forwarded-For describe the same rule.)
package clientip

import (
	"fmt"
	"net/netip"
	"strings"
)

// Proxies is the set of networks whose X-Forwarded-For entries are believed.
type Proxies struct {
	prefixes []netip.Prefix
}

// Parse reads a comma- or space-separated list of addresses and CIDR networks, e.g.
// "10.0.0.0/8, 192.168.1.5, fd00::/8". An empty list trusts no proxy.
func Parse(list string) (Proxies, error) {
	var p Proxies
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			pre, err := netip.ParsePrefix(f)
			if err != nil {
				return Proxies{}, fmt.Errorf("%q is not an address or a CIDR network", f)
			}
			p.prefixes = append(p.prefixes, pre.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return Proxies{}, fmt.Errorf("%q is not an address or a CIDR network", f)
		}
		a = a.Unmap()
		p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
	}
	return p, nil
}

// PrivateNetworks trusts loopback and the private ranges (RFC 1918, RFC 4193): a
// proxy on the same host or the same private network.
func PrivateNetworks() Proxies {
	p, _ := Parse("127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7")
	return p
}

// Empty reports whether no proxy is trusted.
func (p Proxies) Empty() bool { return len(p.prefixes) == 0 }

// String lists the trusted networks.
func (p Proxies) String() string {
	s := make([]string, len(p.prefixes))
	for i, pre := range p.prefixes {
		s[i] = pre.String()
	}
	return strings.Join(s, ",")
}

// Trusted reports whether a is one of the proxies.
func (p Proxies) Trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the client's address for a connection from remote carrying the
// X-Forwarded-For header values xff (in the order received). Without trusted proxies,
// or when remote is not one of them, it is remote itself.
func (p Proxies) ClientIP(remote netip.Addr, xff []string) netip.Addr {
	remote = remote.Unmap()
	if !p.Trusted(remote) {
		return remote
	}
	var hops []string
	for _, v := range xff {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	client := remote
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			// Garbage: not written by a proxy of ours. The last hop we believed stands.
			return client
		}
		client = a
		if !p.Trusted(a) {
			return a
		}
	}
	return client
}

// parseHop reads "1.2.3.4", "1.2.3.4:5678", "2001:db8::1" or "[2001:db8::1]:5678".
func parseHop(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil && ap.Addr().Zone() == "" {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
