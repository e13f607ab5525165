package catalog

import (
	"reflect"
	"testing"
	"time"
)

// Every slice and pointer of a cloned card is its own: a field added later without a line in
// Card.Clone fails here.
func TestCardCloneSharesNothing(t *testing.T) {
	f, id, month := 1.5, int64(7), time.Now()
	c := Card{Measures: []Measure{{Label: "cup", Grams: 200}}, SugarsG: &f, GI: &f, OwnerID: &id, PriceUGX: &f, PriceMonth: &month}
	r := Results{Cards: []Card{c}}
	cl := r.Clone()
	if &cl.Cards[0] == &r.Cards[0] {
		t.Fatal("Results.Clone shares the card slice")
	}
	orig, copied := reflect.ValueOf(c), reflect.ValueOf(cl.Cards[0])
	for i := range orig.NumField() {
		name := orig.Type().Field(i).Name
		switch of := orig.Field(i); of.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			if of.IsNil() {
				t.Fatalf("test card leaves %s nil: set it so the test checks it", name)
			}
			if of.UnsafePointer() == copied.Field(i).UnsafePointer() {
				t.Errorf("Card.Clone shares %s", name)
			}
		}
	}
	if !reflect.DeepEqual(cl.Cards[0], c) {
		t.Errorf("clone differs: %+v vs %+v", cl.Cards[0], c)
	}
}
