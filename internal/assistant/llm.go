package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// ChatMessage is one message of an OpenAI-style chat.
type ChatMessage struct {
	Role    string `json:"role"` // system, user, assistant
	Content string `json:"content"`
}

// Completer produces a chat completion. LLMClient implements it.
type Completer interface {
	Complete(ctx context.Context, msgs []ChatMessage) (string, error)
}

// LLMConfig configures an OpenAI-compatible /v1/chat/completions endpoint.
type LLMConfig struct {
	BaseURL     string        // e.g. "https://api.example.com" or ".../v1"
	APIKey      string        // sent as a Bearer token, never logged
	Model       string        // model name
	Timeout     time.Duration // whole request; default 8 s
	MaxTokens   int           // default 300
	Temperature float64       // default 0.2
}

// String hides the key so the config can be logged safely.
func (c LLMConfig) String() string {
	key := ""
	if c.APIKey != "" {
		key = "[redacted]"
	}
	return fmt.Sprintf("LLMConfig{BaseURL:%q Model:%q Timeout:%s Key:%s}", c.BaseURL, c.Model, c.Timeout, key)
}

// GoString hides the key from %#v as well.
func (c LLMConfig) GoString() string { return c.String() }

// LLMClient calls an OpenAI-compatible chat completions endpoint.
type LLMClient struct {
	cfg      LLMConfig
	endpoint string
	http     *http.Client
}

// maxLLMResponseBytes bounds how much of a response body is read.
const maxLLMResponseBytes = 1 << 20

// NewLLMClient validates cfg and returns a client; hc may be nil.
func NewLLMClient(cfg LLMConfig, hc *http.Client) (*LLMClient, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" || cfg.Model == "" {
		return nil, errors.New("assistant: llm: base URL and model are required")
	}
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return nil, errors.New("assistant: llm: base URL must start with http:// or https://")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 8 * time.Second
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = 300
	}
	if cfg.Temperature == 0 {
		cfg.Temperature = 0.2
	}
	if hc == nil {
		hc = &http.Client{}
	}
	endpoint := base + "/v1/chat/completions"
	if strings.HasSuffix(base, "/v1") {
		endpoint = base + "/chat/completions"
	}
	return &LLMClient{cfg: cfg, endpoint: endpoint, http: hc}, nil
}

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []ChatMessage `json:"messages"`
	MaxTokens   int           `json:"max_tokens"`
	Temperature float64       `json:"temperature"`
}

type chatResponse struct {
	Choices []struct {
		Message ChatMessage `json:"message"`
	} `json:"choices"`
}

// Complete sends the messages and returns the first choice's text. Errors
// never contain the API key or the response body.
func (c *LLMClient) Complete(ctx context.Context, msgs []ChatMessage) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	body, err := json.Marshal(chatRequest{Model: c.cfg.Model, Messages: msgs, MaxTokens: c.cfg.MaxTokens, Temperature: c.cfg.Temperature})
	if err != nil {
		return "", fmt.Errorf("assistant: llm: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("assistant: llm: build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("assistant: llm: %w", ctx.Err())
		}
		// *url.Error carries only method and URL, never headers
		return "", fmt.Errorf("assistant: llm: request failed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxLLMResponseBytes))
		return "", fmt.Errorf("assistant: llm: status %d", resp.StatusCode)
	}
	var out chatResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxLLMResponseBytes)).Decode(&out); err != nil {
		return "", fmt.Errorf("assistant: llm: decode response: %w", err)
	}
	if len(out.Choices) == 0 {
		return "", errors.New("assistant: llm: no choices in response")
	}
	text := strings.TrimSpace(out.Choices[0].Message.Content)
	if text == "" {
		return "", errors.New("assistant: llm: empty answer")
	}
	return text, nil
}

const llmSystemPrompt = "You are ZOE NutriTech's nutrition assistant for people in Uganda living with diabetes or " +
	"eating on a tight budget. Answer in plain, friendly English in at most 90 words, using local food names. " +
	"For anything about the user's own data, specific foods, prices or numbers, use only the facts given and never " +
	"invent figures; for general questions you may use well-established nutrition knowledge, and if unsure say so " +
	"and suggest asking a dietitian. Never suggest insulin or medicine doses or changes to medicine; for those, " +
	"tell the user to ask their clinician. Never diagnose."

// llmDoseLike catches answers that state a dose despite the prompt.
var llmDoseLike = regexp.MustCompile(`(?i)\b\d+(\.\d+)?\s*(units?|iu)\b|\b(insulin|metformin|glibenclamide|gliclazide)\b[^.]{0,30}\b\d+\s*mg\b|\b(inject|increase|reduce|double|skip)\b[^.]{0,40}\b(insulin|dose|metformin)`)

// askLLM asks the model to phrase an answer from the built-in one. It returns
// false (use the built-in text) on any error, timeout, empty output or an
// answer that looks like a dose.
func (a *Assistant) askLLM(ctx context.Context, question, builtin string, grounding []string) (string, bool) {
	facts := strings.Join(grounding, "\n")
	if facts == "" {
		facts = builtin
	}
	if extra := a.userContext(ctx); extra != "" {
		facts += "\n" + extra
	}
	msgs := []ChatMessage{
		{Role: "system", Content: llmSystemPrompt},
		{Role: "user", Content: "Facts from the user's ZOE data:\n" + facts + "\n\nThe app's own answer:\n" + builtin +
			"\n\nUser's message:\n" + question},
	}
	text, err := a.llm.Complete(ctx, msgs)
	if err != nil || strings.TrimSpace(text) == "" || llmDoseLike.MatchString(text) {
		return "", false
	}
	if len([]rune(text)) > 2*MaxMessageRunes {
		return "", false
	}
	return strings.TrimSpace(text), true
}

// userContext is the user's recent glucose summary, given to the LLM so a
// free-form answer can refer to it. Failures leave it out.
func (a *Assistant) userContext(ctx context.Context) string {
	if a.data == nil {
		return ""
	}
	p := defaultSummaryRange.Period(a.now().In(a.loc))
	s, err := a.data.GlucoseStats(ctx, p)
	if err != nil || s.Count == 0 {
		return ""
	}
	unit := s.Unit
	if unit == "" {
		unit = MmolPerL
	}
	return fmt.Sprintf("User's glucose %s: average %s over %d readings, %.0f%% of readings in range.",
		p.Label, fmtGlucoseIn(s.Mean, unit), s.Count, s.PctInRange)
}
