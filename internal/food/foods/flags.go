package foods

// Nutrients per 100 g that the flag rules look at.
type Nutrients struct {
	EnergyKcal, ProteinG, CarbG, FibreG, FatG float64
}

// GlycaemicLoad of a portion: GI × available carbohydrate (g) ÷ 100
// (Atkinson et al., International Tables of Glycemic Index, Diabetes Care 2008).
func GlycaemicLoad(gi, carbG float64) float64 { return gi * carbG / 100 }

// Flags are derived from the numbers by the rules below — never typed by hand.
type Flags struct {
	DiabetesFriendly, WeightLossFriendly, WeightGainFriendly bool
}

// DeriveFlags applies the app's stated rules to a food's values per 100 g, its GI (nil when
// unpublished) and its usual serving in grams:
//
//   - diabetes-friendly: the usual serving has a low glycaemic load (≤ 10; docs/CLINICAL.md:
//     low ≤ 10, high ≥ 20) and the GI, where published, is not high (< 70). Without a
//     published GI, the serving must hold ≤ 10 g of available carbohydrate, so that even at
//     GI 100 its load stays low.
//   - weight-loss-friendly: low energy density (< 1.5 kcal/g: Rolls, "The relationship
//     between dietary energy density and energy intake", Physiol Behav 2009, categories very
//     low < 0.6, low 0.6–1.5, medium 1.5–4, high > 4 kcal/g) and some satiety from protein
//     (≥ 5 g/100 g) or fibre (≥ 3 g/100 g, "source of fibre" in Codex CAC/GL 23-1997).
//   - weight-gain-friendly: medium or high energy density (≥ 1.5 kcal/g) with protein
//     ≥ 5 g/100 g, so the extra energy comes with protein rather than sugar or fat alone.
func DeriveFlags(n Nutrients, gi *float64, servingG float64) Flags {
	carbServing := n.CarbG * servingG / 100
	var diabetes bool
	if gi != nil {
		diabetes = *gi < 70 && GlycaemicLoad(*gi, carbServing) <= 10
	} else {
		diabetes = carbServing <= 10
	}
	density := n.EnergyKcal / 100
	return Flags{
		DiabetesFriendly:   diabetes,
		WeightLossFriendly: density < 1.5 && (n.ProteinG >= 5 || n.FibreG >= 3),
		WeightGainFriendly: density >= 1.5 && n.ProteinG >= 5,
	}
}
