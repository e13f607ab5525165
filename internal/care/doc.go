// Package care holds the rules of the dietitian's side of ZOE NutriTech as plain Go: what a
// patient shares with a linked dietitian, the share codes dietitians hand out, the roster's
// flags beyond glucose (weight change, spending over budget) and how the roster is triaged,
// searched, sorted and paged, and the nutrient totals of a diary for the patient view.
//
// Glucose flags come from package glucose (the consensus criteria in docs/CLINICAL.md); this
// package only combines them with the others and never imports the web layer or the
// database.
package care
