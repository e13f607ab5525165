// Package nutrition holds the food arithmetic of ZOE NutriTech as pure functions:
// energy and nutrient targets from a person's profile, glycaemic load of a portion,
// a meal and a day, the daily food budget, and the totals and cost of a diary day.
//
// Every figure comes from docs/CLINICAL.md or the published source cited
// beside it. Nutrient amounts follow the food table: per 100 g edible portion, with
// carbohydrate as available carbohydrate (dietary fibre counted apart).
//
// The package imports nothing from the web layer or the database.
package nutrition
