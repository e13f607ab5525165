package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) passwordChangeShow(c *fiber.Ctx) error {
	return s.render(c, 200, views.PasswordChangePage(s.page(c, "Change password", "profile"), views.PasswordChangeForm{}))
}

// passwordChangeSubmit changes the signed-in user's password: the current password is
// required (under the login throttle); every other session ends (new session key) and
// this one is renewed.
func (s *Server) passwordChangeSubmit(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	np := accounts.NewPassword{Password: c.FormValue("password"), Confirm: c.FormValue("confirm")}
	errs := np.Validate(u.Username, u.Email)
	fail := func(status int) error {
		return s.render(c, status, views.PasswordChangePage(s.page(c, "Change password", "profile"), views.PasswordChangeForm{Errors: views.Errors(errs)}))
	}
	res, status, msg := s.passwordAttempt(c, userAccount(u.ID))
	if status != 0 {
		errs["old"] = msg
		return fail(status)
	}
	if !accounts.CheckPassword(c.FormValue("old"), u.PasswordHash) {
		errs["old"] = "That is not your current password."
	} else {
		s.passwordRight(c, res)
	}
	if c.FormValue("old") == np.Password && errs["password"] == "" && errs["old"] == "" {
		errs["password"] = "Choose a password different from the current one."
	}
	if len(errs) > 0 {
		return fail(422)
	}
	hash, err := accounts.HashPassword(np.Password)
	if err != nil {
		return errInternal(err)
	}
	key := accounts.NewSessionKey()
	if err := s.DB.UpdatePasswordAndSessionKey(ctx, db.UpdatePasswordAndSessionKeyParams{PasswordHash: hash, SessionKey: key,
		UpdatedAt: db.Now(), ID: u.ID}); err != nil {
		return errInternal(err)
	}
	s.forgetUserOrLog(ctx, u.ID)
	// This session carries on under a new token and the new key; others hold the old key.
	if err := s.renewSession(ctx); err != nil {
		return errInternal(err)
	}
	s.Sessions.Put(ctx, sessKey, key)
	s.rotateCSRF(c)
	s.audit(c, &u.ID, &u.ID, "password.change", "")
	s.setFlash(c, "ok", "Password changed. Every other device signed in to your account was signed out.")
	return redirect(c, "/profile")
}
