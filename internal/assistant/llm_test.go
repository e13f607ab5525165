package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeCompleter is a Completer that records its calls.
type fakeCompleter struct {
	mu     sync.Mutex
	answer string
	err    error
	calls  int
	last   []ChatMessage
}

func (f *fakeCompleter) Complete(_ context.Context, msgs []ChatMessage) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.last = msgs
	return f.answer, f.err
}

const testKey = "sk-test-SECRET-123"

// fakeLLMServer answers /v1/chat/completions the way the handler says.
func fakeLLMServer(t *testing.T, handler func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(handler))
	t.Cleanup(srv.Close)
	return srv
}

func okHandler(t *testing.T, answer string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			t.Errorf("request to %s %s", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("Authorization = %q", got)
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("decode request: %v", err)
		}
		if req.Model != "test-model" || len(req.Messages) != 2 || req.Messages[0].Role != "system" {
			t.Errorf("request %+v", req)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":%q}}]}`, answer)
	}
}

func newTestLLM(t *testing.T, url string, timeout time.Duration) *LLMClient {
	t.Helper()
	c, err := NewLLMClient(LLMConfig{BaseURL: url, APIKey: testKey, Model: "test-model", Timeout: timeout}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLLMClientSuccess(t *testing.T) {
	srv := fakeLLMServer(t, okHandler(t, "  Cassava is fine in small portions.  "))
	c := newTestLLM(t, srv.URL, time.Second)
	got, err := c.Complete(context.Background(), []ChatMessage{{Role: "system", Content: "s"}, {Role: "user", Content: "u"}})
	if err != nil || got != "Cassava is fine in small portions." {
		t.Errorf("Complete = %q, %v", got, err)
	}
	// a base URL that already ends in /v1 is not doubled
	c2 := newTestLLM(t, srv.URL+"/v1/", time.Second)
	if _, err := c2.Complete(context.Background(), []ChatMessage{{Role: "system", Content: "s"}, {Role: "user", Content: "u"}}); err != nil {
		t.Errorf("base URL with /v1: %v", err)
	}
}

func TestLLMClientFailures(t *testing.T) {
	tests := []struct {
		name    string
		handler func(http.ResponseWriter, *http.Request)
		timeout time.Duration
	}{
		{"status 500", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "upstream exploded, key="+testKey, http.StatusInternalServerError)
		}, time.Second},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(300 * time.Millisecond):
			case <-r.Context().Done():
			}
		}, 50 * time.Millisecond},
		{"garbage JSON", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"choices": [ {"message": nope`)
		}, time.Second},
		{"no choices", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"choices": []}`)
		}, time.Second},
		{"empty content", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"choices": [{"message": {"role": "assistant", "content": "   "}}]}`)
		}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeLLMServer(t, tt.handler)
			c := newTestLLM(t, srv.URL, tt.timeout)
			start := time.Now()
			_, err := c.Complete(context.Background(), []ChatMessage{{Role: "user", Content: "hi"}})
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error leaks the key: %v", err)
			}
			if tt.name == "timeout" {
				if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
					t.Errorf("timeout error %v after %s", err, time.Since(start))
				}
			}
			// the assistant falls back to its own answer
			a := newTestAssistant(t, newFakeData(), WithLLM(c))
			r, _, err := a.Reply(context.Background(), ConversationState{}, "is cassava good for diabetes")
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != SourceBuiltin || !strings.Contains(r.Text, "Cassava") {
				t.Errorf("fallback reply: %s %q", r.Source, r.Text)
			}
		})
	}
}

func TestLLMGroundedAnswerIsUsedForFreeFormIntents(t *testing.T) {
	srv := fakeLLMServer(t, okHandler(t, "Muwogo has a low GI; pair it with beans."))
	a := newTestAssistant(t, newFakeData(), WithLLM(newTestLLM(t, srv.URL, time.Second)))
	r, _, err := a.Reply(context.Background(), ConversationState{}, "is cassava good for diabetes")
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceLLM || r.Text != "Muwogo has a low GI; pair it with beans." {
		t.Errorf("reply %s %q", r.Source, r.Text)
	}
}

func TestLLMPromptCarriesTheUsersFacts(t *testing.T) {
	llm := &fakeCompleter{answer: "Brown rice is the better choice."}
	a := newTestAssistant(t, newFakeData(), WithLLM(llm))
	if _, _, err := a.Reply(context.Background(), ConversationState{}, "posho or brown rice?"); err != nil {
		t.Fatal(err)
	}
	if llm.calls != 1 {
		t.Fatalf("LLM calls = %d", llm.calls)
	}
	prompt := llm.last[1].Content
	for _, want := range []string{"GI 71", "GI 68", "posho or brown rice?", "average 7.4 mmol/L"} {
		if !strings.Contains(prompt, want) {
			t.Errorf("prompt lacks %q:\n%s", want, prompt)
		}
	}
	if !strings.Contains(llm.last[0].Content, "Never suggest insulin") {
		t.Error("system prompt lacks the dose rule")
	}
}

func TestLLMNotUsedForDataOrActions(t *testing.T) {
	llm := &fakeCompleter{answer: "something"}
	a := newTestAssistant(t, newFakeData(), WithLLM(llm))
	for _, msg := range []string{"my average sugar this week", "how much did i spend today", "i had posho for lunch", "carbs in posho", "am i on track"} {
		r, _, err := a.Reply(context.Background(), ConversationState{}, msg)
		if err != nil {
			t.Fatal(err)
		}
		if r.Source != SourceBuiltin {
			t.Errorf("%q answered by %s", msg, r.Source)
		}
	}
	if llm.calls != 0 {
		t.Errorf("LLM called %d times", llm.calls)
	}
}

func TestLLMAnswerThatStatesADoseIsDiscarded(t *testing.T) {
	for _, answer := range []string{
		"Take 4 units of insulin before eating cassava.",
		"You could increase your insulin a little.",
		"Metformin 500 mg with meals is typical.",
	} {
		llm := &fakeCompleter{answer: answer}
		a := newTestAssistant(t, newFakeData(), WithLLM(llm))
		r, _, err := a.Reply(context.Background(), ConversationState{}, "is cassava good for diabetes")
		if err != nil {
			t.Fatal(err)
		}
		if r.Source != SourceBuiltin {
			t.Errorf("dose-like LLM answer %q was used", answer)
		}
	}
}

func TestLLMConfigNeverPrintsTheKey(t *testing.T) {
	cfg := LLMConfig{BaseURL: "https://llm.example", APIKey: testKey, Model: "m"}
	for _, s := range []string{cfg.String(), fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		if strings.Contains(s, testKey) {
			t.Errorf("config printed the key: %s", s)
		}
	}
	if _, err := NewLLMClient(LLMConfig{BaseURL: "ftp://x", Model: "m"}, nil); err == nil {
		t.Error("non-HTTP base URL accepted")
	}
	if _, err := NewLLMClient(LLMConfig{BaseURL: "https://x"}, nil); err == nil {
		t.Error("missing model accepted")
	}
}
