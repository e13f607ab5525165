package prices

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
)

// bundledWFP is the WFP "Uganda - Food Prices" file (2006-01 to 2024-12), gzipped; see
// wfp/README.md for its source and licence (CC BY-IGO, World Food Programme).
//
//go:embed wfp/wfp_food_prices_uga_2006-2024.csv.gz
var bundledWFP []byte

// BundledName names the bundled file in messages.
const BundledName = "wfp_food_prices_uga_2006-2024.csv (bundled)"

// Bundled opens the bundled WFP price file.
func Bundled() (io.Reader, error) {
	return gzip.NewReader(bytes.NewReader(bundledWFP))
}
