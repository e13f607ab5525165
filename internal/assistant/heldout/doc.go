// Package heldout is the held-out test set of the nutrition chat assistant (issue 17):
// 454 patient questions written independently of the assistant's code, with
// answer-content expectations computed from the food table, the bundled WFP prices and
// a fixture patient, a scorer that checks an answer's text against them, and Seed,
// which writes the fixture patient into a database so a harness can run the real
// assistant. See README.md, and do not read the cases if you tune the assistant.
package heldout
