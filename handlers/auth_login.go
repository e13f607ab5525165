package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) loginShow(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		return c.Redirect(homeFor(u.Role), fiber.StatusSeeOther)
	}
	f := views.LoginForm{Next: safeNext(c.Query("next"))}
	switch {
	case c.Query("reset") == "1":
		f.Notice = "Your password was changed. Log in with the new one."
	case c.Query("deleted") == "1":
		f.Notice = "Your account and all its data were deleted."
	}
	return s.render(c, 200, views.LoginPage(s.page(c, "Log in", ""), f))
}

// loginSubmit checks the throttle, then the password, then renews the session token.
func (s *Server) loginSubmit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	form := views.LoginForm{Login: strings.TrimSpace(c.FormValue("login")), Next: safeNext(c.FormValue("next"))}
	password := c.FormValue("password")
	fail := func(status int, msg string) error {
		form.Error = msg
		if isHTMX(c) {
			return s.render(c, status, views.LoginFormFragment(csrfToken(c), form))
		}
		return s.render(c, status, views.LoginPage(s.page(c, "Log in", ""), form))
	}
	if form.Login == "" || password == "" || len(form.Login) > 254 || len(password) > 128 {
		return fail(422, "Enter your username (or email) and your password.")
	}
	if sessionDown(c) {
		return fail(503, "Logging in is not possible right now. Please try again shortly.")
	}
	u, account, err := s.accountByLogin(c, form.Login)
	if err != nil {
		return err
	}
	res, status, msg := s.passwordAttempt(c, account)
	if status != 0 {
		return fail(status, msg)
	}
	if !accounts.CheckPassword(password, u.PasswordHash) {
		return fail(422, "That username or password is not right.")
	}
	s.passwordRight(c, res)
	if err := s.renewSession(ctx); err != nil {
		s.Log.Warn("session renew failed", "err", err)
		return fail(503, "Logging in is not possible right now. Please try again shortly.")
	}
	s.Sessions.Put(ctx, sessUserID, u.ID)
	s.Sessions.Put(ctx, sessKey, u.SessionKey)
	s.rotateCSRF(c)
	s.audit(c, &u.ID, &u.ID, "login", "")
	to := form.Next
	if to == "" {
		to = homeFor(u.Role)
	}
	return redirect(c, to)
}

// accountByLogin is the user a login (username or email) names, or a zero user when it
// names none, and the throttle's counter for it: one per account whether its username or
// its email was typed.
func (s *Server) accountByLogin(c *fiber.Ctx, login string) (db.User, string, error) {
	u, err := s.DB.GetUserByLogin(c.UserContext(), login)
	switch {
	case db.IsNotFound(err):
		return db.User{}, unknownAccount(login), nil
	case err != nil:
		return db.User{}, "", errInternal(err)
	}
	return u, userAccount(u.ID), nil
}

func (s *Server) logout(c *fiber.Ctx) error {
	if err := s.Sessions.Destroy(c.UserContext()); err != nil {
		return errInternal(err)
	}
	s.rotateCSRF(c)
	return redirect(c, "/login")
}

// audit records who did what to whose data; a failure to audit is logged, not shown.
func (s *Server) audit(c *fiber.Ctx, actor, subject *int64, action, detail string) {
	err := s.DB.InsertAudit(c.UserContext(), db.InsertAuditParams{ActorID: actor, SubjectUserID: subject,
		Action: action, Detail: detail, Ip: s.clientIP(c), CreatedAt: db.Now()})
	if err != nil {
		s.Log.Error("audit write failed", "action", action, "err", err)
	}
}
