package mealphoto

import (
	"bytes"
	"encoding/binary"
	"image"
)

// fileInfo is what the structure of a file says beside its pixels.
type fileInfo struct {
	orientation int // EXIF orientation 1–8 (1 when none)
}

// inspect walks the file's structure (JPEG segments, PNG chunks, the WebP RIFF container)
// to its end. A file that stops before its end is truncated; bytes after the end, or
// markup hidden in a metadata segment, make it a polyglot (a picture that is also a web
// page, a script or an archive).
func inspect(format string, b []byte) (fileInfo, error) {
	switch format {
	case "jpeg":
		return inspectJPEG(b)
	case "png":
		return fileInfo{orientation: 1}, inspectPNG(b)
	case "webp":
		return fileInfo{orientation: 1}, inspectWebP(b)
	}
	return fileInfo{}, ErrNotImage
}

func inspectJPEG(b []byte) (fileInfo, error) {
	info := fileInfo{orientation: 1}
	pos := 2 // after SOI
	for {
		if pos >= len(b) {
			return info, ErrTruncated
		}
		if b[pos] != 0xFF {
			return info, ErrNotImage
		}
		for pos < len(b) && b[pos] == 0xFF { // fill bytes
			pos++
		}
		if pos >= len(b) {
			return info, ErrTruncated
		}
		m := b[pos]
		pos++
		switch {
		case m == 0xD9: // EOI
			return info, trailing(b[pos:], true)
		case m >= 0xD0 && m <= 0xD7 || m == 0x01: // RSTn, TEM: no length
			continue
		}
		if pos+2 > len(b) {
			return info, ErrTruncated
		}
		n := int(binary.BigEndian.Uint16(b[pos:]))
		if n < 2 {
			return info, ErrNotImage
		}
		if pos+n > len(b) {
			return info, ErrTruncated
		}
		seg := b[pos+2 : pos+n]
		pos += n
		if m >= 0xE0 && m <= 0xEF || m == 0xFE { // APPn, COM
			if hasMarkup(seg) {
				return info, ErrPolyglot
			}
			if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				info.orientation = exifOrientation(seg[6:])
			}
		}
		if m == 0xDA { // SOS: entropy-coded data up to the next marker
			for {
				i := bytes.IndexByte(b[pos:], 0xFF)
				if i < 0 || pos+i+1 >= len(b) {
					return info, ErrTruncated
				}
				pos += i
				next := b[pos+1]
				if next == 0x00 || next >= 0xD0 && next <= 0xD7 || next == 0xFF {
					pos++
					continue
				}
				break
			}
		}
	}
}

// trailing accepts nothing after the end of the picture but zero padding or, for JPEG, a
// motion photo's video (an MP4 appended by the phone's camera, dropped by re-encoding).
func trailing(rest []byte, jpegFile bool) error {
	if len(bytes.Trim(rest, "\x00")) == 0 {
		return nil
	}
	if jpegFile && len(rest) >= 12 && string(rest[4:8]) == "ftyp" && !hasMarkup(rest) {
		return nil
	}
	return ErrPolyglot
}

// exifOrientation reads tag 0x0112 of IFD0 from a TIFF block (1 when absent or odd).
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for i := 0; i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

func inspectPNG(b []byte) error {
	pos := 8
	for {
		if pos+8 > len(b) {
			return ErrTruncated
		}
		n := int(binary.BigEndian.Uint32(b[pos:]))
		typ := string(b[pos+4 : pos+8])
		if n < 0 || n > len(b) || pos+12+n > len(b) {
			return ErrTruncated
		}
		data := b[pos+8 : pos+8+n]
		pos += 12 + n
		switch typ {
		case "tEXt", "iTXt":
			if hasMarkup(data) {
				return ErrPolyglot
			}
		case "IEND":
			return trailing(b[pos:], false)
		}
	}
}

func inspectWebP(b []byte) error {
	size := int(binary.LittleEndian.Uint32(b[4:8]))
	end := 8 + size + size%2
	if size < 4 || end > len(b) {
		return ErrTruncated
	}
	pos := 12
	for pos < 8+size {
		if pos+8 > len(b) {
			return ErrTruncated
		}
		n := int(binary.LittleEndian.Uint32(b[pos+4:]))
		if n < 0 || pos+8+n > len(b) {
			return ErrTruncated
		}
		if typ := string(b[pos : pos+4]); typ == "XMP " || typ == "EXIF" {
			if hasMarkup(b[pos+8 : pos+8+n]) {
				return ErrPolyglot
			}
		}
		pos += 8 + n + n%2
	}
	return trailing(b[end:], false)
}

var markup = [][]byte{[]byte("<script"), []byte("<html"), []byte("<body"), []byte("<iframe"), []byte("<?php"),
	[]byte("<svg"), []byte("<!doctype"), []byte("javascript:"), []byte("<object"), []byte("<embed")}

// hasMarkup reports whether b holds HTML, SVG, PHP or JavaScript (any letter case).
func hasMarkup(b []byte) bool {
	if bytes.IndexByte(b, '<') < 0 && bytes.IndexByte(b, ':') < 0 {
		return false
	}
	l := bytes.ToLower(b)
	for _, m := range markup {
		if bytes.Contains(l, m) {
			return true
		}
	}
	return false
}

// orient turns img upright from its EXIF orientation (2–8 flip and/or rotate).
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			si := img.PixOffset(b.Min.X+x, b.Min.Y+y)
			di := dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], img.Pix[si:si+4])
		}
	}
	return dst
}
