package handlers

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// adminResetShow: the administrator's form for issuing a one-time password reset code.
func (s *Server) adminResetShow(c *fiber.Ctx) error {
	return s.render(c, 200, views.AdminResetPage(s.page(c, "Password reset code", "home"), views.AdminResetVM{}))
}

// adminResetSubmit makes a one-time code for a user and shows it once; only its hash is
// stored, it expires after accounts.ResetCodeLifetime and a new code replaces the last.
func (s *Server) adminResetSubmit(c *fiber.Ctx) error {
	admin := currentUser(c)
	ctx := c.UserContext()
	vm := views.AdminResetVM{Login: strings.TrimSpace(c.FormValue("login"))}
	if vm.Login == "" || len(vm.Login) > 254 {
		vm.Error = "Enter the username or email of the account."
		return s.render(c, 422, views.AdminResetPage(s.page(c, "Password reset code", "home"), vm))
	}
	u, err := s.DB.GetUserByLogin(ctx, vm.Login)
	if db.IsNotFound(err) {
		vm.Error = "There is no account with that username or email."
		return s.render(c, 422, views.AdminResetPage(s.page(c, "Password reset code", "home"), vm))
	}
	if err != nil {
		return errInternal(err)
	}
	code, hash := accounts.NewResetCode()
	now := db.Now()
	expires := now.Add(accounts.ResetCodeLifetime)
	if err := s.DB.UpsertPasswordResetCode(ctx, db.UpsertPasswordResetCodeParams{UserID: u.ID, CodeHash: hash,
		CreatedBy: &admin.ID, CreatedAt: now, ExpiresAt: expires}); err != nil {
		return errInternal(err)
	}
	s.audit(c, &admin.ID, &u.ID, "password.reset_code", "")
	vm.Code, vm.Username, vm.Login = code, u.Username, ""
	vm.Link = strings.TrimRight(s.Config.BaseURL, "/") + "/password/reset?login=" + url.QueryEscape(u.Username) + "&code=" + code
	vm.Expires = "at " + expires.In(timezone.Of(admin.TimeZone)).Format("15:04 on 2 Jan 2006")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, 200, views.AdminResetPage(s.page(c, "Password reset code", "home"), vm))
}

func (s *Server) passwordResetShow(c *fiber.Ctx) error {
	f := views.PasswordResetForm{Login: strings.TrimSpace(c.Query("login")), Code: strings.TrimSpace(c.Query("code"))}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.render(c, 200, views.PasswordResetPage(s.page(c, "Set a new password", ""), f))
}

var errResetCode = errors.New("reset code wrong, used or expired")

// passwordResetSubmit sets a new password with a one-time code: the code is used up in
// the same transaction as the password change, and the new session key ends every
// session of the account. The attempt counts against the login throttle.
func (s *Server) passwordResetSubmit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := views.PasswordResetForm{Login: strings.TrimSpace(c.FormValue("login")), Code: strings.TrimSpace(c.FormValue("code")), Errors: views.Errors{}}
	fail := func(status int) error {
		return s.render(c, status, views.PasswordResetPage(s.page(c, "Set a new password", ""), f))
	}
	if f.Login == "" || len(f.Login) > 254 {
		f.Errors["login"] = "Enter your username or email."
	}
	if f.Code == "" || len(f.Code) > 64 {
		f.Errors["code"] = "Enter the code the administrator gave you."
	}
	if len(f.Errors) > 0 {
		return fail(422)
	}
	u, account, err := s.accountByLogin(c, f.Login)
	if err != nil {
		return err
	}
	res, status, msg := s.passwordAttempt(c, account)
	if status != 0 {
		f.Errors["code"] = msg
		return fail(status)
	}
	np := accounts.NewPassword{Password: c.FormValue("password"), Confirm: c.FormValue("confirm")}
	for k, v := range np.Validate(u.Username, u.Email) {
		f.Errors[k] = v
	}
	if len(f.Errors) > 0 {
		// The code is not tried (nor used up) until the new password is acceptable.
		s.passwordRight(c, res)
		return fail(422)
	}
	hash, err := accounts.HashPassword(np.Password)
	if err != nil {
		return errInternal(err)
	}
	err = s.DB.InTx(ctx, func(q db.Queries) error {
		if u.ID == 0 {
			return errResetCode
		}
		n, err := q.UsePasswordResetCode(ctx, db.UsePasswordResetCodeParams{UserID: u.ID, CodeHash: accounts.HashResetCode(f.Code), Now: db.Now()})
		if err != nil {
			return err
		}
		if n != 1 {
			return errResetCode
		}
		return q.UpdatePasswordAndSessionKey(ctx, db.UpdatePasswordAndSessionKeyParams{PasswordHash: hash,
			SessionKey: accounts.NewSessionKey(), UpdatedAt: db.Now(), ID: u.ID})
	})
	if errors.Is(err, errResetCode) {
		f.Errors["code"] = "This code is not right, was used already, or has expired. Ask an administrator for a new one."
		return fail(422)
	}
	if err != nil {
		return errInternal(err)
	}
	s.forgetUserOrLog(ctx, u.ID)
	s.passwordRight(c, res)
	s.audit(c, &u.ID, &u.ID, "password.reset", "")
	return redirect(c, "/login?reset=1")
}
