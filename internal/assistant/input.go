package assistant

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// MaxMessageRunes is the longest user message accepted, in characters.
const MaxMessageRunes = 2000

// InputError reports a message the assistant refuses to process. Message is
// safe to show to the user.
type InputError struct {
	Code    string
	Message string
}

func (e *InputError) Error() string { return "assistant: " + e.Code + ": " + e.Message }

// Is makes errors.Is match on the code, so callers can compare with the
// sentinel values below.
func (e *InputError) Is(target error) bool {
	var t *InputError
	if errors.As(target, &t) {
		return t.Code == e.Code
	}
	return false
}

var (
	// ErrEmptyMessage: the message is empty or only white space.
	ErrEmptyMessage = &InputError{Code: "empty_message", Message: "Please type a message."}
	// ErrMessageTooLong: the message has more than MaxMessageRunes characters.
	ErrMessageTooLong = &InputError{Code: "message_too_long", Message: "Please keep messages under 2,000 characters."}
)

// cleanInput validates a raw message and returns it as valid UTF-8 with
// surrounding space trimmed. HTML is left as it is: it is plain text here and
// escaping is the view's job.
func cleanInput(msg string) (string, error) {
	msg = strings.ToValidUTF8(msg, " ")
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "", ErrEmptyMessage
	}
	if utf8.RuneCountInString(msg) > MaxMessageRunes {
		return "", ErrMessageTooLong
	}
	return msg, nil
}
