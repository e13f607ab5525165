package mealphoto

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"
)

// testImage is a w×h picture with a gradient (so the JPEG is not trivially small).
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

func jpegBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exifSegment is an APP1 Exif segment (big-endian TIFF) with an orientation and a GPS IFD
// holding a latitude, like a phone writes.
func exifSegment(orientation uint16) []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	t.WriteString("MM\x00\x2a")
	binary.Write(&t, be, uint32(8)) // IFD0 at 8
	// IFD0: 2 entries (orientation, GPS IFD pointer), next IFD 0.
	binary.Write(&t, be, uint16(2))
	binary.Write(&t, be, []uint16{0x0112, 3})
	binary.Write(&t, be, uint32(1))
	binary.Write(&t, be, []uint16{orientation, 0})
	binary.Write(&t, be, []uint16{0x8825, 4})
	binary.Write(&t, be, uint32(1))
	binary.Write(&t, be, uint32(8+2+24+4)) // GPS IFD right after
	binary.Write(&t, be, uint32(0))
	// GPS IFD: GPSLatitudeRef "N" (ASCII, inline) and a marker string we can look for.
	binary.Write(&t, be, uint16(1))
	binary.Write(&t, be, []uint16{0x0001, 2})
	binary.Write(&t, be, uint32(2))
	t.WriteString("N\x00\x00\x00")
	binary.Write(&t, be, uint32(0))
	t.WriteString("GPS-SECRET-0.3476N-32.5825E")
	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	out := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(seg)+2))
	return append(out, seg...)
}

// withSegment inserts a segment right after a JPEG's SOI.
func withSegment(j, seg []byte) []byte {
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func comSegment(text string) []byte {
	out := []byte{0xFF, 0xFE, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(text)+2))
	return append(out, text...)
}

func TestPrepareJPEGStripsMetadataAndScales(t *testing.T) {
	src := withSegment(jpegBytes(t, 2000, 1000), exifSegment(1))
	if !bytes.Contains(src, []byte("GPS-SECRET")) {
		t.Fatal("test file lacks its GPS block")
	}
	p, err := Prepare(src)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"full": p.Full, "thumb": p.Thumb} {
		if bytes.Contains(b, []byte("GPS-SECRET")) || bytes.Contains(b, []byte("Exif")) {
			t.Errorf("%s still holds EXIF metadata", name)
		}
	}
	if p.Width != FullSide || p.Height != FullSide/2 || p.Format != "jpeg" || p.Bytes != len(src) {
		t.Fatalf("photo %dx%d %s %d bytes; want %dx%d jpeg %d", p.Width, p.Height, p.Format, p.Bytes, FullSide, FullSide/2, len(src))
	}
	th, err := jpeg.DecodeConfig(bytes.NewReader(p.Thumb))
	if err != nil || th.Width != ThumbSide || th.Height != ThumbSide/2 {
		t.Fatalf("thumbnail %dx%d, %v; want %dx%d", th.Width, th.Height, err, ThumbSide, ThumbSide/2)
	}
}

// A portrait photo stored sideways with orientation 6 (rotate 90° clockwise) comes out upright.
func TestPrepareTurnsUpright(t *testing.T) {
	p, err := Prepare(withSegment(jpegBytes(t, 400, 300), exifSegment(6)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 300 || p.Height != 400 {
		t.Fatalf("got %dx%d, want 300x400 (turned upright)", p.Width, p.Height)
	}
}

func TestPreparePNGAndSmallPhotoNotEnlarged(t *testing.T) {
	p, err := Prepare(pngBytes(t, 320, 200))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "png" || p.Width != 320 || p.Height != 200 {
		t.Fatalf("got %s %dx%d", p.Format, p.Width, p.Height)
	}
	if _, err := jpeg.Decode(bytes.NewReader(p.Full)); err != nil {
		t.Fatalf("stored photo is not a JPEG: %v", err)
	}
}

// setPNGSize rewrites the IHDR width and height (and its CRC) of a PNG.
func setPNGSize(b []byte, w, h uint32) []byte {
	b = append([]byte{}, b...)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// setJPEGSize rewrites the frame size in a baseline JPEG's SOF0.
func setJPEGSize(b []byte, w, h uint16) []byte {
	b = append([]byte{}, b...)
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

func TestHostileUploadsRefused(t *testing.T) {
	j := jpegBytes(t, 300, 200)
	pg := pngBytes(t, 300, 200)
	var zip bytes.Buffer
	zip.WriteString("PK\x03\x04\x14\x00\x00\x00\x08\x00")
	zip.WriteString(strings.Repeat("payload", 50))
	cases := []struct {
		name string
		file []byte
		want *Problem
	}{
		{"empty", nil, ErrEmpty},
		{"text named like a photo", []byte("this is not a picture, just text in a file called meal.jpg"), ErrNotImage},
		{"html page", []byte("<!doctype html><html><script>alert(1)</script></html>"), ErrNotImage},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrNotImage},
		{"gif is not accepted", []byte("GIF89a\x10\x00\x10\x00\x00\x00\x00;"), ErrNotImage},
		{"png decompression bomb", setPNGSize(pg, 50000, 50000), ErrTooMany},
		{"png one side too long", setPNGSize(pg, 20000, 10), ErrTooMany},
		{"jpeg decompression bomb", setJPEGSize(j, 65000, 65000), ErrTooMany},
		{"tiny", pngBytes(t, 4, 4), ErrTooSmall},
		{"truncated jpeg", j[:len(j)/2], ErrTruncated},
		{"truncated png", pg[:len(pg)-30], ErrTruncated},
		{"jpeg header only", j[:200], ErrTruncated},
		{"20 MB", append(append([]byte{}, j...), make([]byte, 20<<20)...), ErrTooLarge},
		{"jpeg with a zip appended", append(append([]byte{}, j...), zip.Bytes()...), ErrPolyglot},
		{"jpeg with a web page appended", append(append([]byte{}, j...), "<html><script>alert(document.cookie)</script>"...), ErrPolyglot},
		{"jpeg with script in a comment", withSegment(j, comSegment("*/=alert(1)/*<script>alert(1)</script>")), ErrPolyglot},
		{"png with a web page appended", append(append([]byte{}, pg...), "<html><body>hi</body></html>"...), ErrPolyglot},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Prepare(c.file)
			var prob *Problem
			if !errors.As(err, &prob) || prob != c.want {
				t.Fatalf("err = %v, want %q", err, c.want.Msg)
			}
			if p.Full != nil || p.Thumb != nil {
				t.Fatal("a refused upload produced a photo")
			}
		})
	}
}

// Read stops reading at the limit: a 20 MB stream costs at most MaxBytes+1 of memory.
func TestReadStopsAtLimit(t *testing.T) {
	r := &countingReader{n: 20 << 20}
	_, err := Read(r)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if r.read > MaxBytes+1 {
		t.Fatalf("read %d bytes, want at most %d", r.read, MaxBytes+1)
	}
}

type countingReader struct{ n, read int }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.read >= c.n {
		return 0, nil
	}
	k := min(len(p), c.n-c.read)
	for i := range p[:k] {
		p[i] = 0xFF
	}
	c.read += k
	return k, nil
}

// A motion photo (the phone appends its short video as MP4) is accepted; the video is
// dropped by re-encoding.
func TestMotionPhotoAccepted(t *testing.T) {
	j := jpegBytes(t, 300, 200)
	mp4 := append([]byte{0, 0, 0, 0x18}, "ftypmp42\x00\x00\x00\x00mp42isom"...)
	p, err := Prepare(append(append([]byte{}, j...), mp4...))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Full, []byte("ftyp")) {
		t.Fatal("the video was kept")
	}
}

func FuzzPrepare(f *testing.F) {
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Prepare(b)
		if err == nil && (len(p.Full) == 0 || len(p.Thumb) == 0) {
			t.Fatal("accepted without a photo")
		}
	})
}

// testdata/meal.webp is a small lossy WebP from golang.org/x/image's test files (BSD licence).
func TestPrepareWebP(t *testing.T) {
	w, err := os.ReadFile("testdata/meal.webp")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(w)
	if err != nil || p.Format != "webp" {
		t.Fatalf("webp: %v, format %q", err, p.Format)
	}
	if _, err := Prepare(w[:len(w)-100]); !errors.Is(err, ErrTruncated) {
		t.Fatalf("truncated webp: %v, want ErrTruncated", err)
	}
	if _, err := Prepare(append(append([]byte{}, w...), "<html><script>x</script>"...)); !errors.Is(err, ErrPolyglot) {
		t.Fatalf("webp with a page appended: %v, want ErrPolyglot", err)
	}
}

// BenchmarkPrepare12MP: a 12-megapixel phone photo (4000 × 3000 JPEG) checked, decoded,
// scaled and re-encoded with its thumbnail.
func BenchmarkPrepare12MP(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for i := range img.Pix {
		img.Pix[i] = uint8(i / 997)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	b.ReportMetric(float64(len(src))/1e6, "MB_in")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Prepare(src); err != nil {
			b.Fatal(err)
		}
	}
}
