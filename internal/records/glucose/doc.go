// Package glucose holds the clinical arithmetic of ZOE NutriTech as pure functions:
// glucose units and their display, HbA1c conversions, summary statistics over
// finger-stick readings (means, variability, shares of readings in the consensus
// bands, hypo- and hyperglycaemia events, GMI), the trend of the latest readings,
// the dietitian's roster triage rules and the AGP-style daily profile.
//
// Every figure comes from docs/CLINICAL.md and its published sources, cited
// beside the code that uses them. Glucose is stored and computed in mg/dL and only
// converted and rounded for display in the user's unit (mmol/L by default in Uganda).
//
// The package imports nothing from the web layer or the database: callers pass plain
// Go values (readings, times, the user's unit) and get plain values back.
package glucose
