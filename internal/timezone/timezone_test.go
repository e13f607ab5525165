package timezone

import "testing"

func TestOfFallsBackToTheSetting(t *testing.T) {
	if got := Of("").String(); got != Fallback {
		t.Fatalf("Of(\"\") = %s before any setting, want %s", got, Fallback)
	}
	if got := Of("Europe/London").String(); got != "Europe/London" {
		t.Fatalf("Of(Europe/London) = %s", got)
	}
	if err := SetDefault("Not/AZone"); err == nil {
		t.Fatal("an unknown default was accepted")
	}
	if err := SetDefault("Africa/Nairobi"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = SetDefault(Fallback) })
	for _, name := range []string{"", "Not/AZone", "../../etc/passwd"} {
		if got := Of(name).String(); got != "Africa/Nairobi" {
			t.Errorf("Of(%q) = %s, want the setting Africa/Nairobi", name, got)
		}
	}
	if DefaultName() != "Africa/Nairobi" || Valid("Not/AZone") || Valid("") || !Valid("UTC") {
		t.Error("DefaultName or Valid disagree with the setting")
	}
}
