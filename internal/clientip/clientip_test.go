package clientip

import (
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	lb, err := Parse("10.0.0.0/8, 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		proxies Proxies
		remote  string
		xff     []string
		want    string
	}{
		{"no proxies trusted: the header is ignored", Proxies{}, "41.210.1.1", []string{"1.2.3.4"}, "41.210.1.1"},
		{"direct client forging the header", lb, "41.210.1.1", []string{"10.0.0.1"}, "41.210.1.1"},
		{"behind the balancer", lb, "10.0.0.5", []string{"41.210.1.1"}, "41.210.1.1"},
		{"forged left-most entry is skipped", lb, "10.0.0.5", []string{"6.6.6.6, 41.210.1.1"}, "41.210.1.1"},
		{"forged entry claiming to be a proxy", lb, "10.0.0.5", []string{"10.9.9.9, 41.210.1.1"}, "41.210.1.1"},
		{"two proxies", lb, "10.0.0.5", []string{"6.6.6.6, 41.210.1.1, 192.0.2.10"}, "41.210.1.1"},
		{"several header lines", lb, "10.0.0.5", []string{"6.6.6.6", "41.210.1.1, 192.0.2.10"}, "41.210.1.1"},
		{"ports and brackets", lb, "10.0.0.5", []string{"[2001:db8::1]:443, 41.210.1.1:5555"}, "41.210.1.1"},
		{"IPv6 client", lb, "10.0.0.5", []string{"2001:db8::1"}, "2001:db8::1"},
		{"garbage hop: the last believed proxy stands", lb, "10.0.0.5", []string{"41.210.1.1, nonsense, 192.0.2.10"}, "192.0.2.10"},
		{"no header from a proxy", lb, "10.0.0.5", nil, "10.0.0.5"},
		{"all hops trusted: the left-most", lb, "10.0.0.5", []string{"10.0.0.7, 10.0.0.6"}, "10.0.0.7"},
		{"IPv4-mapped remote", lb, "::ffff:10.0.0.5", []string{"41.210.1.1"}, "41.210.1.1"},
		{"private networks", PrivateNetworks(), "127.0.0.1", []string{"6.6.6.6, 41.210.1.1"}, "41.210.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.proxies.ClientIP(netip.MustParseAddr(tt.remote), tt.xff)
			if got.String() != tt.want {
				t.Errorf("ClientIP(%s, %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	p, err := Parse(" 10.0.0.0/8 ,192.0.2.10 2001:db8::/32 ")
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != "10.0.0.0/8,192.0.2.10/32,2001:db8::/32" {
		t.Errorf("String = %s", p)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if p, _ := Parse(""); !p.Empty() {
		t.Error("empty list trusts something")
	}
}
