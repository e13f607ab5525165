package assistant

import (
	"encoding/json"
	"fmt"
	"time"
)

// Slot is a piece of information the assistant asked for and expects next.
type Slot string

const (
	SlotBudget Slot = "budget"
	SlotFood   Slot = "food"
)

// ConversationState is what the assistant remembers between turns. It is
// plain JSON (store it with the chat message, e.g. chat_history.entities)
// and is passed back unchanged to the next Reply.
type ConversationState struct {
	LastIntent     Intent           `json:"last_intent,omitempty"`
	Foods          []string         `json:"foods,omitempty"`
	Meal           MealType         `json:"meal,omitempty"`
	BudgetUGX      int              `json:"budget_ugx,omitempty"`
	Range          *TimeRange       `json:"range,omitempty"`
	Awaiting       Slot             `json:"awaiting,omitempty"`
	Pending        *ProposedLog     `json:"pending,omitempty"`
	PendingGlucose *ProposedGlucose `json:"pending_glucose,omitempty"`
	Turns          int              `json:"turns,omitempty"`
}

// DecodeState reads a stored state; empty input is a fresh conversation.
func DecodeState(b []byte) (ConversationState, error) {
	var st ConversationState
	if len(b) == 0 || string(b) == "null" {
		return st, nil
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return ConversationState{}, fmt.Errorf("assistant: decode state: %w", err)
	}
	return st, nil
}

// Encode returns the state as JSON.
func (s ConversationState) Encode() ([]byte, error) { return json.Marshal(s) }

// ProposedLog is a meal the assistant understood and asks the user to
// confirm before anything is saved.
type ProposedLog struct {
	Items []LogItem `json:"items"`
	Meal  MealType  `json:"meal"`
	At    time.Time `json:"at"`
}

// LogItem is one food of a proposed meal. Grams is 0 when the amount could not
// be converted (no quantity given and no known measure for the food); then
// Measure/MeasureCount say what the user wrote, if anything.
type LogItem struct {
	FoodKey      string  `json:"food_key"`
	Name         string  `json:"name,omitempty"`
	Grams        float64 `json:"grams,omitempty"`
	Measure      string  `json:"measure,omitempty"`
	MeasureCount float64 `json:"measure_count,omitempty"`
}

// ProposedGlucose is a reported glucose reading waiting for confirmation.
type ProposedGlucose struct {
	Reading GlucoseReading `json:"reading"`
	MgDL    float64        `json:"mg_dl"`
	At      time.Time      `json:"at"`
}

// ActionKind is what the handler must do after a confirmation.
type ActionKind string

const (
	ActionLogMeal    ActionKind = "log_meal"
	ActionLogGlucose ActionKind = "log_glucose"
)

// Action is work the caller executes (the assistant itself never writes).
type Action struct {
	Kind    ActionKind       `json:"kind"`
	Meal    *ProposedLog     `json:"meal,omitempty"`
	Glucose *ProposedGlucose `json:"glucose,omitempty"`
}
