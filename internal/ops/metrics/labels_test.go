package metrics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestLabelsDoNotAliasTheRequest: Fiber hands out strings that point into fasthttp's
// reused buffers. ObserveHTTP must keep labels of its own: the buffer is overwritten with
// the next request's bytes, and the registry then holds two series with the same labels
// (or labels like "GETT", "HEA") and /metrics fails until restart.
func TestLabelsDoNotAliasTheRequest(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	buf := []byte("GET /foods/:id<int>")
	alias := func(b []byte) string { return unsafe.String(&b[0], len(b)) }
	m.ObserveHTTP(alias(buf[4:]), alias(buf[:3]), 200, time.Millisecond)
	copy(buf, "HEA /home\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00") // the next request reuses the buffer
	m.ObserveHTTP("/foods/:id<int>", "GET", 200, time.Millisecond)
	m.ObserveHTTP("/", "GETT", 404, time.Millisecond)
	var out bytes.Buffer
	if err := m.Write(&out); err != nil {
		t.Fatalf("/metrics after a reused buffer: %v", err)
	}
	if !strings.Contains(out.String(), `zoe_http_requests_total{method="GET",route="/foods/:id<int>",status="200"} 2`) {
		t.Errorf("the two GETs are not one series:\n%s", grep(out.String(), "requests_total"))
	}
	if strings.Contains(out.String(), "GETT") || strings.Contains(out.String(), "HEA\"") {
		t.Errorf("a label from the request kept:\n%s", grep(out.String(), "requests_total"))
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
