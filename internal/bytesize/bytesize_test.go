package bytesize

import "testing"

func TestText(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "2 KiB"}, {1<<20 - 1, "1024 KiB"},
		{1 << 20, "1.0 MiB"}, {3*1<<20 + 1<<19, "3.5 MiB"}, {1 << 30, "1.0 GiB"}, {5*1<<30 + 1<<29, "5.5 GiB"},
	} {
		if got := Text(c.n); got != c.want {
			t.Errorf("Text(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
