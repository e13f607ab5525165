// Package pricereports is the price layer users feed: checking a price a user reports
// (units converted to a price per kilogram or litre, impossible values refused, a price
// far from the current one confirmed), aggregating reports and market data into a food's
// current price robustly (a recent window, per market then across markets, outliers
// rejected by median absolute deviation, at least three distinct reporters before
// reports alone publish), and saying where a price comes from and whether it is old.
//
// It is pure: no database, no HTTP. internal/food/catalog stores reports and current
// prices; handlers and views show them.
package pricereports
