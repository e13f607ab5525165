package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/valyala/fasthttp"
)

// CSRF protection is a signed double-submit token (OWASP CSRF Prevention Cheat Sheet,
// "signed double-submit cookie"), so that it needs nothing stored on the server and an
// anonymous visitor leaves no session behind:
//
//   - the zoe_csrf cookie holds a random value r (HttpOnly, SameSite=Lax);
//   - forms carry token = HMAC-SHA256(secret, r ‖ session token), in the _csrf field or
//     the X-CSRF-Token header (htmx);
//   - a state-changing request passes only if its token is the HMAC of its own cookie and
//     its own session. Another site can neither read the cookie nor compute the HMAC, and
//     a token from one session is worthless in another.
//
// r is replaced at login, sign-up and logout (the token rotates with the session).

const (
	csrfCookie      = "zoe_csrf"
	localsCSRFToken = "csrf_token"
	localsCSRFKey   = "csrf_signer"
)

// csrfSigner signs tokens with the server's secret.
type csrfSigner struct {
	key      []byte
	secure   bool
	lifetime time.Duration
}

func (k *csrfSigner) sign(r, session string) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte("zoe-csrf-v1\x00"))
	m.Write([]byte(r))
	m.Write([]byte{0})
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validCSRFValue accepts only what randomToken makes (43 base64url characters).
func validCSRFValue(r string) bool {
	if len(r) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(r)
	return err == nil
}

func (s *Server) setCSRFCookie(c *fiber.Ctx, r string) {
	ck := fasthttp.AcquireCookie()
	defer fasthttp.ReleaseCookie(ck)
	ck.SetKey(csrfCookie)
	ck.SetValue(r)
	ck.SetPath("/")
	ck.SetHTTPOnly(true)
	ck.SetSecure(s.csrf.secure)
	ck.SetSameSite(fasthttp.CookieSameSiteLaxMode)
	ck.SetExpire(time.Now().Add(s.csrf.lifetime))
	c.Response().Header.SetCookie(ck)
}

// csrfValue is this request's cookie value r, made (and sent) when missing or malformed.
func (s *Server) csrfValue(c *fiber.Ctx) string {
	if r, ok := c.Locals(csrfCookie).(string); ok {
		return r
	}
	r := utils.CopyString(c.Cookies(csrfCookie))
	if !validCSRFValue(r) {
		r = randomToken()
		s.setCSRFCookie(c, r)
	}
	c.Locals(csrfCookie, r)
	return r
}

// csrfToken returns the token for this request's forms (empty before the CSRF
// middleware ran, e.g. on an error page for a static file).
func csrfToken(c *fiber.Ctx) string {
	if t, ok := c.Locals(localsCSRFToken).(string); ok {
		return t
	}
	s, ok := c.Locals(localsCSRFKey).(*Server)
	if !ok {
		return ""
	}
	t := s.csrf.sign(s.csrfValue(c), s.Sessions.Token(c.UserContext()))
	c.Locals(localsCSRFToken, t)
	return t
}

// rotateCSRF gives the browser a new cookie value: call it after the session's token
// changed (login, sign-up, logout), so pages from then on carry fresh tokens.
func (s *Server) rotateCSRF(c *fiber.Ctx) {
	r := randomToken()
	s.setCSRFCookie(c, r)
	c.Locals(csrfCookie, r)
	c.Locals(localsCSRFToken, nil)
}

// csrfMiddleware rejects state-changing requests whose token (form field _csrf or header
// X-CSRF-Token, which htmx sends from hx-headers) is not the signature of the request's
// own cookie and session.
func (s *Server) csrfMiddleware(c *fiber.Ctx) error {
	c.Locals(localsCSRFKey, s)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if sessionDown(c) {
		// The session store (Redis) is unreachable: nobody can be signed in or remembered,
		// so say so plainly instead of "this form has expired".
		return &HTTPError{Status: 503, Msg: "We cannot sign you in or save changes right now. Please try again shortly."}
	}
	r := utils.CopyString(c.Cookies(csrfCookie))
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if !validCSRFValue(r) || got == "" ||
		!hmac.Equal([]byte(got), []byte(s.csrf.sign(r, s.Sessions.Token(c.UserContext())))) {
		if s.Sessions.Token(c.UserContext()) == "" && !s.sessionStoreUp(c.UserContext()) {
			// A visitor without a session (logging in, signing up) while the session store
			// is down: nothing could be remembered anyway, so say so rather than "expired".
			return &HTTPError{Status: 503, Msg: "We cannot sign you in or save changes right now. Please try again shortly."}
		}
		return &HTTPError{Status: 403, Msg: "This form has expired. Please reload the page and try again."}
	}
	return c.Next()
}

// sessionStoreUp probes the session store (only on the failure path of the CSRF check).
func (s *Server) sessionStoreUp(ctx context.Context) bool {
	cs, ok := s.Sessions.Store.(scs.CtxStore)
	if !ok {
		return true
	}
	_, _, err := cs.FindCtx(ctx, "zoe-store-probe")
	return err == nil
}
