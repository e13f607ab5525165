package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/valyala/fasthttp"

	"github.com/zoe-nutritech/zoe/views"
)

// Session keys.
const (
	sessUserID = "user_id"
	sessCSRF   = "csrf"
	sessFlash  = "flash"
)

// NewSessionManager configures scs: cookies HttpOnly, SameSite=Lax, Secure under TLS.
func NewSessionManager(store scs.Store, lifetime, idle time.Duration, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = lifetime
	sm.IdleTimeout = idle
	sm.Cookie.Name = "zoe_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = true
	return sm
}

// sessionMiddleware loads the scs session into the request context and writes it back, the
// way scs's LoadAndSave does for net/http (scs knows nothing of fasthttp).
func (s *Server) sessionMiddleware(c *fiber.Ctx) error {
	sm := s.Sessions
	// Fiber's strings point into pooled buffers: copy the token before keeping it.
	token := utils.CopyString(c.Cookies(sm.Cookie.Name))
	ctx, err := sm.Load(c.UserContext(), token)
	if err != nil {
		// The session store is down (Redis outage): carry on without a session rather
		// than fail every page; logging in will say "try again shortly".
		s.Log.Warn("session load failed", "err", err)
		ctx, _ = sm.Load(c.UserContext(), "")
		c.Locals(localsSessionDown, true)
	}
	c.SetUserContext(ctx)
	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	ctx = c.UserContext()
	switch sm.Status(ctx) {
	case scs.Modified:
		tok, expiry, err := sm.Commit(ctx)
		if err != nil {
			s.Log.Error("session commit failed", "err", err)
			return nil
		}
		s.setSessionCookie(c, tok, expiry)
	case scs.Destroyed:
		ck := fasthttp.AcquireCookie()
		defer fasthttp.ReleaseCookie(ck)
		ck.SetKey(sm.Cookie.Name)
		ck.SetValue("")
		ck.SetPath(sm.Cookie.Path)
		ck.SetHTTPOnly(true)
		ck.SetSecure(sm.Cookie.Secure)
		ck.SetSameSite(fasthttp.CookieSameSiteLaxMode)
		// fasthttp ignores Max-Age ≤ 0: expire it with the special delete date.
		ck.SetExpire(fasthttp.CookieExpireDelete)
		c.Response().Header.SetCookie(ck)
	}
	c.Vary(fiber.HeaderCookie)
	return nil
}

func (s *Server) setSessionCookie(c *fiber.Ctx, token string, expiry time.Time) {
	sm := s.Sessions
	ck := fasthttp.AcquireCookie()
	defer fasthttp.ReleaseCookie(ck)
	ck.SetKey(sm.Cookie.Name)
	ck.SetValue(token)
	ck.SetPath(sm.Cookie.Path)
	ck.SetHTTPOnly(true)
	ck.SetSecure(sm.Cookie.Secure)
	ck.SetSameSite(fasthttp.CookieSameSiteLaxMode)
	if sm.Cookie.Persist {
		ck.SetExpire(expiry)
	}
	c.Response().Header.SetCookie(ck)
}

const localsSessionDown = "session_down"

// sessionStoreUp probes the session store (only on the failure path of the CSRF check).
func (s *Server) sessionStoreUp(ctx context.Context) bool {
	cs, ok := s.Sessions.Store.(scs.CtxStore)
	if !ok {
		return true
	}
	_, _, err := cs.FindCtx(ctx, "zoe-store-probe")
	return err == nil
}

func sessionDown(c *fiber.Ctx) bool { v, _ := c.Locals(localsSessionDown).(bool); return v }

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfToken returns the session's CSRF token, creating it on first use.
func csrfToken(c *fiber.Ctx) string {
	ctx := c.UserContext()
	sm, ok := c.Locals(localsSessionManager).(*scs.SessionManager)
	if !ok {
		return ""
	}
	tok := sm.GetString(ctx, sessCSRF)
	if tok == "" {
		tok = randomToken()
		sm.Put(ctx, sessCSRF, tok)
	}
	return tok
}

const localsSessionManager = "sm"

// csrfMiddleware rejects state-changing requests whose token (form field _csrf or header
// X-CSRF-Token, which htmx sends from hx-headers) does not match the session's.
func (s *Server) csrfMiddleware(c *fiber.Ctx) error {
	c.Locals(localsSessionManager, s.Sessions)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if sessionDown(c) {
		// The session store (Redis) is unreachable: no token can be checked and nothing
		// could be remembered, so say so plainly instead of "this form has expired".
		return &HTTPError{Status: 503, Msg: "We cannot sign you in or save changes right now. Please try again shortly."}
	}
	want := s.Sessions.GetString(c.UserContext(), sessCSRF)
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		if want == "" && got != "" && !s.sessionStoreUp(c.UserContext()) {
			// A visitor without a session whose form token could not be saved: the store is down.
			return &HTTPError{Status: 503, Msg: "We cannot sign you in or save changes right now. Please try again shortly."}
		}
		return &HTTPError{Status: 403, Msg: "This form has expired. Please reload the page and try again."}
	}
	return c.Next()
}

// setFlash keeps a message for the next page the user sees.
func (s *Server) setFlash(c *fiber.Ctx, kind, text string) {
	b, _ := json.Marshal(views.Flash{Kind: kind, Text: text})
	s.Sessions.Put(c.UserContext(), sessFlash, string(b))
}

func (s *Server) popFlash(c *fiber.Ctx) *views.Flash {
	if _, ok := c.Locals(localsSessionManager).(*scs.SessionManager); !ok {
		// No session on this request: an error page before the session middleware ran
		// (a probe, a static file, a body over the limit). scs would panic without one.
		return nil
	}
	raw := s.Sessions.PopString(c.UserContext(), sessFlash)
	if raw == "" {
		return nil
	}
	var f views.Flash
	if json.Unmarshal([]byte(raw), &f) != nil {
		return nil
	}
	return &f
}

func toastJSON(msg string) string {
	b, _ := json.Marshal(map[string]string{"toast": msg})
	return string(b)
}

// renewSession gives the session a new token (at login and on privilege change), so a
// token planted before login (session fixation) is worthless after it.
func (s *Server) renewSession(ctx context.Context) error {
	return s.Sessions.RenewToken(ctx)
}
