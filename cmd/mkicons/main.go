// Command mkicons draws the app's PNG icons (static/icons/icon-192.png, icon-512.png and
// the maskable icon-maskable-192.png, icon-maskable-512.png) from the same shapes as
// static/icons/icon.svg: a green tile with a white drop and a leaf vein. Run it from the
// repository root after changing the design: go run ./tools/mkicons
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

var (
	green = color.NRGBA{0x1f, 0x6f, 0x43, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	clear = color.NRGBA{}
)

// dropHalfWidth samples the drop's upper outline (the cubic from (32,12) through
// (23,20), (18,28) to (18,36) in the SVG's 64-unit box) as half-widths by y.
var dropOutline = func() [][2]float64 {
	var pts [][2]float64
	p := [4][2]float64{{32, 12}, {23, 20}, {18, 28}, {18, 36}}
	for i := 0; i <= 400; i++ {
		t := float64(i) / 400
		a, b, c, d := math.Pow(1-t, 3), 3*t*math.Pow(1-t, 2), 3*t*t*(1-t), t*t*t
		x := a*p[0][0] + b*p[1][0] + c*p[2][0] + d*p[3][0]
		y := a*p[0][1] + b*p[1][1] + c*p[2][1] + d*p[3][1]
		pts = append(pts, [2]float64{y, 32 - x})
	}
	return pts
}()

func dropHalfWidth(y float64) float64 {
	for i := 1; i < len(dropOutline); i++ {
		a, b := dropOutline[i-1], dropOutline[i]
		if y >= a[0] && y <= b[0] {
			if b[0] == a[0] {
				return b[1]
			}
			return a[1] + (b[1]-a[1])*(y-a[0])/(b[0]-a[0])
		}
	}
	return 0
}

func inDrop(x, y float64) bool {
	if y >= 36 {
		return math.Hypot(x-32, y-36) <= 14
	}
	return y >= 12 && math.Abs(x-32) <= dropHalfWidth(y)
}

// segDist is the distance from (x, y) to the segment (ax, ay)–(bx, by).
func segDist(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/(dx*dx+dy*dy)))
	return math.Hypot(x-(ax+t*dx), y-(ay+t*dy))
}

func inVein(x, y float64) bool {
	const w = 1.5
	return segDist(x, y, 32, 26, 32, 48) <= w || segDist(x, y, 32, 38, 26, 33) <= w || segDist(x, y, 32, 44, 38, 39) <= w
}

func inRoundRect(x, y, size, r float64) bool {
	cx := math.Max(r, math.Min(size-r, x))
	cy := math.Max(r, math.Min(size-r, y))
	return math.Hypot(x-cx, y-cy) <= r
}

// shade is the colour at (x, y) in the 64-unit box. A maskable icon fills the whole square
// and keeps the symbol inside the central safe circle (radius 40 % of the size, W3C
// Manifest "maskable" purpose), so the symbol is drawn at 75 % around the centre.
func shade(x, y float64, maskable bool) color.NRGBA {
	if !maskable && !inRoundRect(x, y, 64, 14) {
		return clear
	}
	sx, sy := x, y
	if maskable {
		sx, sy = 32+(x-32)/0.75, 32+(y-32)/0.75
	}
	if inDrop(sx, sy) && !inVein(sx, sy) {
		return white
	}
	return green
}

func draw(size int, maskable bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // 4×4 samples per pixel for smooth edges
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for j := 0; j < ss; j++ {
				for i := 0; i < ss; i++ {
					x := (float64(px) + (float64(i)+0.5)/ss) * 64 / float64(size)
					y := (float64(py) + (float64(j)+0.5)/ss) * 64 / float64(size)
					c := shade(x, y, maskable)
					al := float64(c.A) / 255
					r, g, b, a = r+float64(c.R)*al, g+float64(c.G)*al, b+float64(c.B)*al, a+al
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(math.Round(r / a)), uint8(math.Round(g / a)), uint8(math.Round(b / a)),
				uint8(math.Round(a / (ss * ss) * 255))})
		}
	}
	return img
}

func main() {
	for _, ic := range []struct {
		name     string
		size     int
		maskable bool
	}{{"icon-192.png", 192, false}, {"icon-512.png", 512, false}, {"icon-maskable-192.png", 192, true}, {"icon-maskable-512.png", 512, true}} {
		path := filepath.Join("static", "icons", ic.name)
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkicons:", err)
			os.Exit(1)
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, draw(ic.size, ic.maskable)); err != nil {
			fmt.Fprintln(os.Stderr, "mkicons:", err)
			os.Exit(1)
		}
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "mkicons:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", path)
	}
}
