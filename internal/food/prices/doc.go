// Package prices reads the market-price CSV that the World Food Programme publishes
// on the Humanitarian Data Exchange (dataset "Uganda - Food Prices", CC BY-IGO,
// attribute "World Food Programme") and turns each food row into an Observation with
// a price per kilogram, litre or item.
//
// The package is pure: it reads an io.Reader and calls back with plain values, so the
// importer decides how to store them. Parse streams row by row; ParseBatches groups
// rows for batched inserts. Every observation has a NaturalKey (source, market,
// commodity, unit, price type, date) that stays the same when the same file, or a
// newer file that overlaps it, is imported again; an importer that upserts on the key
// never duplicates a price.
//
// An import is meant to be all or nothing: run the callbacks inside one database
// transaction and roll it back when Parse returns an error. Errors about the data are
// *LineError values (or LineErrors when Parser.MaxErrors asks for several) naming the
// line, column and value at fault.
//
// Rows of category "non-food" (soap, charcoal, pens...) are counted and skipped.
// Food commodities are linked to the food table's keys through the embedded
// commodity_map.csv; a food commodity missing from it is passed on with no food keys
// and counted as unmapped in the Summary.
package prices
