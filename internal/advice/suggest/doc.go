// Package suggest connects the recommendation engine (recommend) and the meal planner
// (mealplan) to the app: it turns catalogue foods and a patient's profile, diary,
// answers and dislikes into the engines' inputs, stores every recommendation shown,
// caches each patient's results, turns an accepted suggestion or a planned meal into
// diary entries, and retrains the recommender from the database.
//
// The engines stay pure; this package is the service between them, the database (db)
// and the cache, the way catalog is for foods. Handlers call it; it never imports
// Fiber or templ.
package suggest
