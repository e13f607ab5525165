// Package mealphoto checks and prepares meal photos: it decides what a file is by decoding
// it (never by its name or the Content-Type a browser sent), refuses what is too large in
// bytes or in pixels before decoding the pixels, refuses files that carry something else
// beside the picture (a polyglot), and re-encodes what it accepts as a plain JPEG without
// any metadata (no EXIF, so no GPS position), turned upright by the EXIF orientation, with
// a small thumbnail.
package mealphoto

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Limits of an upload.
const (
	MaxBytes     = 8 << 20    // the file as sent
	MaxPixels    = 24_000_000 // width × height, checked from the header before decoding
	MaxSide      = 12_000     // either side, in pixels
	MinSide      = 16         // a smaller "photo" shows nothing
	FullSide     = 1600       // the stored photo's longer side at most
	ThumbSide    = 240        // the thumbnail's longer side at most
	FullQuality  = 82
	ThumbQuality = 75
)

// Problem is an upload refused, with a message for the person (shown beside the field).
type Problem struct{ Msg string }

func (p *Problem) Error() string { return p.Msg }

// Messages, one per way an upload fails.
var (
	ErrTooLarge  = &Problem{fmt.Sprintf("The photo is larger than %d MB: take it again at a lower resolution, or choose a smaller one.", MaxBytes>>20)}
	ErrEmpty     = &Problem{"Choose a photo to upload."}
	ErrNotImage  = &Problem{"This file is not a photo the app can read: send a JPEG, PNG or WebP picture."}
	ErrTooMany   = &Problem{fmt.Sprintf("The picture has too many pixels (at most %d million): take it at a lower resolution.", MaxPixels/1_000_000)}
	ErrTooSmall  = &Problem{fmt.Sprintf("The picture is too small (under %d pixels a side) to show a meal.", MinSide)}
	ErrTruncated = &Problem{"The photo is damaged or cut short (the upload may have been interrupted): send it again."}
	ErrPolyglot  = &Problem{"The file holds other data beside the picture, so it was not accepted: send the photo straight from the camera."}
)

// Photo is an accepted upload, re-encoded.
type Photo struct {
	Full, Thumb   []byte // JPEG, no metadata
	Width, Height int    // of Full
	Format        string // what was sent: "jpeg", "png" or "webp"
	Bytes         int    // size of what was sent
}

// Read reads an upload of at most MaxBytes from r and prepares it (see Prepare).
func Read(r io.Reader) (Photo, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Photo{}, fmt.Errorf("mealphoto: read upload: %w", err)
	}
	return Prepare(b)
}

// Prepare checks an upload and re-encodes it. A refused upload returns a *Problem.
func Prepare(b []byte) (Photo, error) {
	if len(b) == 0 {
		return Photo{}, ErrEmpty
	}
	if len(b) > MaxBytes {
		return Photo{}, ErrTooLarge
	}
	// The header alone first: format and size, without decoding any pixels.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		if knownMagic(b) != "" && isShort(err) {
			return Photo{}, ErrTruncated
		}
		return Photo{}, ErrNotImage
	}
	if format != knownMagic(b) {
		return Photo{}, ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Photo{}, ErrTooMany
	}
	if cfg.Width < MinSide || cfg.Height < MinSide {
		return Photo{}, ErrTooSmall
	}
	info, err := inspect(format, b)
	if err != nil {
		return Photo{}, err
	}
	img, err := decode(format, b)
	if err != nil {
		if isShort(err) {
			return Photo{}, ErrTruncated
		}
		return Photo{}, ErrNotImage
	}
	if bd := img.Bounds(); bd.Dx() != cfg.Width || bd.Dy() != cfg.Height {
		return Photo{}, ErrNotImage
	}
	// Scale first (the longer side is the same either way up), then turn upright: the
	// pixel loops of orient run on the small image.
	full := orient(flatten(scaleToFit(img, FullSide)), info.orientation)
	thumb := scaleToFit(full, ThumbSide)
	p := Photo{Format: format, Bytes: len(b), Width: full.Bounds().Dx(), Height: full.Bounds().Dy()}
	if p.Full, err = encode(full, FullQuality); err != nil {
		return Photo{}, err
	}
	if p.Thumb, err = encode(thumb, ThumbQuality); err != nil {
		return Photo{}, err
	}
	return p, nil
}

// knownMagic names the format the file's first bytes announce, or "".
func knownMagic(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "jpeg"
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

func isShort(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func decode(format string, b []byte) (image.Image, error) {
	r := bytes.NewReader(b)
	switch format {
	case "jpeg":
		return jpeg.Decode(r)
	case "png":
		return png.Decode(r)
	case "webp":
		return webp.Decode(r)
	}
	return nil, ErrNotImage
}

// scaleToFit returns img scaled down (never up) so its longer side is at most side.
func scaleToFit(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	if w >= h {
		h = max(1, h*side/w)
		w = side
	} else {
		w = max(1, w*side/h)
		h = side
	}
	// The Catmull-Rom scaler keeps a float buffer of the output's width × the input's
	// height (150 MB from a 12 Mpx photo): a large input is first halved cheaply to at
	// most twice the output, which bounds that buffer to about 120 MB whatever was sent.
	if b.Dx() > 2*w && b.Dy() > 2*h {
		mid := image.NewRGBA(image.Rect(0, 0, 2*w, 2*h))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), img, b, draw.Src, nil)
		img, b = mid, mid.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// flatten puts img on an opaque white canvas (transparent PNG areas become white, not
// black, in the JPEG).
func flatten(img *image.RGBA) *image.RGBA {
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Over)
	return dst
}

func encode(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("mealphoto: encode: %w", err)
	}
	return buf.Bytes(), nil
}
