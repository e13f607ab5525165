package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"reflect"
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
	sessKey    = "user_key" // the user's session key when the session began (see loadUser)
	sessFlash  = "flash"
	// sessTouched is when the session was last written (Unix seconds).
	sessTouched = "touched"
)

// DefaultSessionTouchInterval: a session that did not change is written back (to push its
// idle expiry forward) at most this often.
const DefaultSessionTouchInterval = time.Minute

func (s *Server) touchInterval() time.Duration {
	if s.SessionTouchInterval > 0 {
		return s.SessionTouchInterval
	}
	return DefaultSessionTouchInterval
}

// sessionValues is a copy of the session's values, to tell whether a request changed them.
func sessionValues(sm *scs.SessionManager, ctx context.Context) map[string]any {
	keys := sm.Keys(ctx)
	m := make(map[string]any, len(keys))
	for _, k := range keys {
		m[k] = sm.Get(ctx, k)
	}
	return m
}

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
	loaded := sm.Token(ctx) // "" unless a stored session was found
	var before map[string]any
	if loaded != "" {
		before = sessionValues(sm, ctx)
	}
	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	ctx = c.UserContext()
	status := sm.Status(ctx)
	if status == scs.Modified && loaded != "" && sm.Token(ctx) == loaded && reflect.DeepEqual(before, sessionValues(sm, ctx)) {
		// Nothing changed: scs marks every loaded session modified only to push its idle
		// expiry forward. Do that at most once per touch interval, so that a page view
		// that changes nothing writes nothing (the idle timeout is then accurate to that
		// interval).
		if time.Since(time.Unix(sm.GetInt64(ctx, sessTouched), 0)) < s.touchInterval() {
			status = scs.Unmodified
		}
	}
	if status == scs.Modified {
		sm.Put(ctx, sessTouched, time.Now().Unix())
	}
	if status == scs.Modified && !sm.Exists(ctx, sessUserID) {
		// Sessions exist only for signed-in users: an anonymous visitor stores nothing on
		// the server (forms are protected by the signed CSRF cookie instead). A stored
		// session without a user (from an older version) is removed.
		if sm.Token(ctx) == "" {
			status = scs.Unmodified
		} else {
			if err := sm.Destroy(ctx); err != nil {
				s.Log.Warn("session destroy failed", "err", err)
			}
			status = scs.Destroyed
		}
	}
	switch status {
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

func sessionDown(c *fiber.Ctx) bool { v, _ := c.Locals(localsSessionDown).(bool); return v }

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// setFlash keeps a message for the next page the user sees.
func (s *Server) setFlash(c *fiber.Ctx, kind, text string) {
	b, _ := json.Marshal(views.Flash{Kind: kind, Text: text})
	s.Sessions.Put(c.UserContext(), sessFlash, string(b))
}

func (s *Server) popFlash(c *fiber.Ctx) *views.Flash {
	if _, ok := c.Locals(localsCSRFKey).(*Server); !ok {
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
