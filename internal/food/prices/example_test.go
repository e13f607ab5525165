package prices_test

import (
	"fmt"
	"strings"

	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// An importer reads the file in batches inside one transaction, upserting on the
// natural key, and rolls back if Parse returns an error.
func ExampleParser_ParseBatches() {
	file := `date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice
2024-12-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,4250,1.16
2024-12-15,Kampala,Kampala,Owino,258,0.32,32.57,non-food,Charcoal,446,KG,actual,Retail,UGX,1500,0.41
2024-12-15,Kampala,Kampala,Owino,258,0.32,32.57,"meat, fish and eggs",Fish (dry),171,KG,actual,Retail,UGX,20000,5.47
`
	p := prices.Parser{Progress: func(pr prices.Progress) {
		fmt.Printf("progress: %d of %d bytes\n", pr.Bytes, len(file))
	}}
	sum, err := p.ParseBatches(strings.NewReader(file), 500, func(batch []prices.Observation) error {
		for _, o := range batch {
			fmt.Println(prices.NaturalKey(o), o.FoodKeys, o.PricePerUnitUGX, "UGX per", o.PerUnit)
		}
		return nil // insert … on conflict (key) do update
	})
	if err != nil {
		fmt.Println("roll back:", err)
		return
	}
	fmt.Printf("%d rows, %d food, %d non-food skipped\n", sum.Rows, sum.Food, sum.NonFood)
	// Output:
	// progress: 458 of 458 bytes
	// wfp/258/50/KG/Retail/2024-12-15 [beans-dry-raw] 4250 UGX per kg
	// wfp/258/171/KG/Retail/2024-12-15 [mukene-dried nile-perch-dried] 20000 UGX per kg
	// 3 rows, 2 food, 1 non-food skipped
}
