package prices

import (
	"math"
	"strings"
	"testing"
)

// FuzzParse: no WFP file, however malformed, panics the parser, and every observation it
// passes on has a positive, finite price per unit and a unit the app stores.
func FuzzParse(f *testing.F) {
	header := "date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice\n"
	for _, s := range []string{
		header + "2006-01-15,Busia,Samia-bugwe,Busia,2665,0.47,34.09,cereals and tubers,Maize,51,KG,actual,Wholesale,UGX,298.4,0.17\n",
		header + "#adm1+name,#adm2+name\n2024-03-15,Kampala,Central,Owino,258,,,pulses and nuts,Beans,50,100 KG,actual,Retail,UGX,450000,120\n",
		header + "2024-03-15,Kampala,Central,Owino,258,0.3,32.5,oil and fats,Oil (vegetable),93,L,actual,Retail,UGX,-1,0\n",
		header + "2024-13-45,\"a,b\",c,d,x,y,z,cat,Rice,52,KG,actual,Retail,UGX,NaN,0\n",
		"", "date\n", header,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 16<<10 {
			return // larger files only repeat lines
		}
		_, _ = Parse(strings.NewReader(in), func(o Observation) error {
			if !(o.PricePerUnitUGX > 0) || math.IsInf(o.PricePerUnitUGX, 0) {
				t.Errorf("observation with price per unit %v: %+v", o.PricePerUnitUGX, o)
			}
			switch o.PerUnit {
			case "kg", "l", "unit", "packet":
			default:
				t.Errorf("observation with unit %q", o.PerUnit)
			}
			return nil
		})
	})
}
