package fooddata

// Nutrients is an amount of food's nutrients: per 100 g in Food.Per100g, or
// for a portion from Food.Per.
type Nutrients struct {
	EnergyKcal     float64
	ProteinG       float64
	CarbAvailableG float64 // available carbohydrate, dietary fibre excluded
	FibreG         float64 // total dietary fibre
	FatG           float64
	// SugarsG is total sugars; SugarsKnown is false where the source table
	// does not report sugars (neither KE18 nor WA19 does), so zero is not
	// mistaken for "sugar-free".
	SugarsG     float64
	SugarsKnown bool
	SodiumMg    float64
	PotassiumMg float64
	CalciumMg   float64
	IronMg      float64
	VitaminCMg  float64
}

// Scale multiplies every amount by k.
func (n Nutrients) Scale(k float64) Nutrients {
	return Nutrients{
		EnergyKcal:     n.EnergyKcal * k,
		ProteinG:       n.ProteinG * k,
		CarbAvailableG: n.CarbAvailableG * k,
		FibreG:         n.FibreG * k,
		FatG:           n.FatG * k,
		SugarsG:        n.SugarsG * k,
		SugarsKnown:    n.SugarsKnown,
		SodiumMg:       n.SodiumMg * k,
		PotassiumMg:    n.PotassiumMg * k,
		CalciumMg:      n.CalciumMg * k,
		IronMg:         n.IronMg * k,
		VitaminCMg:     n.VitaminCMg * k,
	}
}

// Add returns the sum of two amounts. Sugars stay known only if both are.
func (n Nutrients) Add(o Nutrients) Nutrients {
	return Nutrients{
		EnergyKcal:     n.EnergyKcal + o.EnergyKcal,
		ProteinG:       n.ProteinG + o.ProteinG,
		CarbAvailableG: n.CarbAvailableG + o.CarbAvailableG,
		FibreG:         n.FibreG + o.FibreG,
		FatG:           n.FatG + o.FatG,
		SugarsG:        n.SugarsG + o.SugarsG,
		SugarsKnown:    n.SugarsKnown && o.SugarsKnown,
		SodiumMg:       n.SodiumMg + o.SodiumMg,
		PotassiumMg:    n.PotassiumMg + o.PotassiumMg,
		CalciumMg:      n.CalciumMg + o.CalciumMg,
		IronMg:         n.IronMg + o.IronMg,
		VitaminCMg:     n.VitaminCMg + o.VitaminCMg,
	}
}

// Atwater factors (kcal/g), general system as used by FAO/INFOODS tables:
// protein 4, available carbohydrate 4, fat 9, dietary fibre 2.
const (
	kcalPerGProtein = 4
	kcalPerGCarb    = 4
	kcalPerGFat     = 9
	kcalPerGFibre   = 2
)

// AtwaterKcal is the energy implied by the macronutrients with the general
// Atwater factors (alcohol is not carried by this table).
func (n Nutrients) AtwaterKcal() float64 {
	return kcalPerGProtein*n.ProteinG + kcalPerGCarb*n.CarbAvailableG +
		kcalPerGFat*n.FatG + kcalPerGFibre*n.FibreG
}

// MacrosG is protein + available carbohydrate + fibre + fat in grams.
func (n Nutrients) MacrosG() float64 {
	return n.ProteinG + n.CarbAvailableG + n.FibreG + n.FatG
}
