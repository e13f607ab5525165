// Package recommend ranks foods for one user and one meal: hard safety rules
// first (glycaemic caps for people with a glucose condition, dislikes, the day's
// budget), then soft rule scores that follow the user's goal, then, when the user
// has enough history, a learned preference model (L2-regularised logistic
// regression) blended with the rule score.
//
// Every recommendation carries its factors with the input numbers they came
// from, so the user and the dietitian can see why a food was suggested.
//
// Model files live in a directory as recommender-v0001.json, recommender-v0002.json,
// ... each with its metadata and a checksum. A Registry loads the newest valid
// file and reloads when the directory changes; with no valid model the engine
// runs on rules alone and the Registry says why.
//
// The package takes plain Go values; it knows nothing of HTTP or the database.
package recommend
