// Package assistant is ZOE NutriTech's built-in nutrition chat assistant.
//
// It understands short, often misspelled English and Ugandan-English messages
// (with some Luganda and Swahili words), answers from the user's own data
// through the Data interface, proposes meal logs that the user must confirm,
// and always answers glucose-safety questions first with fixed, published
// advice (ADA "rule of 15", urgent help for level-2 lows, clinician contact
// for very high readings, and never an insulin dose).
//
// Pieces:
//   - NLU (Parse): intent detection and entity extraction, rule based and
//     explainable; foods come from a Lexicon (English and local names, typo
//     tolerant).
//   - Assistant.Reply: one dialogue turn; the ConversationState it returns is
//     plain JSON so the caller can store it next to the chat message.
//   - LLMClient: an optional OpenAI-compatible backend that may rephrase
//     answers for free-form intents, grounded in the built-in answer; safety
//     answers never reach it and any failure falls back to the built-in text.
//   - Evaluate: intent accuracy and entity micro-F1 over a JSONL test set
//     (see cmd/eval-chat).
//
// Glucose values typed without a unit are read as mmol/L when the number is
// below 35 and as mg/dL otherwise: no plausible mg/dL reading is below 35
// without being a severe low, and no mmol/L reading reaches 35 (meters read
// "HI" above 33.3 mmol/L). When the user's own unit is mg/dL and a unitless
// value below 35 arrives, the reply treats it as possibly a severe low and asks
// to confirm the unit rather than guessing.
package assistant
