package heldout

import (
	"encoding/json"
	"testing"
)

func TestDevPrint(t *testing.T) {
	set, err := Load()
	if err != nil { t.Fatal(err) }
	env, err := NewEnv(set.Fixture, nil)
	if err != nil { t.Fatal(err) }
	for _, o := range []OwnSpec{{What:"lows",Period:"this_month"},{What:"highs",Period:"this_month"},{What:"tir",Period:"this_month"},{What:"tir",Period:"last_14_days"},{What:"mean",Period:"this_month"},{What:"spend",Period:"this_month"},{What:"spend",Period:"yesterday"},{What:"total",Period:"yesterday",Nutrient:"carb"},{What:"goal",Goal:"time_in_range"},{What:"goal",Goal:"lose_weight"},{What:"count",Period:"last_week"}} {
		cs, err := env.resolveOwn(o)
		if err != nil { t.Fatal(err) }
		b, _ := json.Marshal(cs)
		t.Log(o, string(b))
	}
}
