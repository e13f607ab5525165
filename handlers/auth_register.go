package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) registerShow(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		return c.Redirect(homeFor(u.Role), fiber.StatusSeeOther)
	}
	return s.render(c, 200, views.RegisterPage(s.page(c, "Create account", ""), views.RegisterForm{Role: "patient"}))
}

func (s *Server) registerSubmit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	r := accounts.Registration{Username: c.FormValue("username"), Email: c.FormValue("email"),
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm"), Role: c.FormValue("role"),
		FirstName: c.FormValue("first_name"), LastName: c.FormValue("last_name")}
	r.Normalize()
	errs := r.Validate()
	if len(errs) == 0 {
		taken, err := s.DB.UsernameOrEmailTaken(ctx, db.UsernameOrEmailTakenParams{Username: r.Username, Email: r.Email})
		if err != nil {
			return errInternal(err)
		}
		if taken.UsernameTaken {
			errs["username"] = "That username is taken. Please choose another."
		}
		if taken.EmailTaken {
			errs["email"] = "An account with this email exists already. Log in instead?"
		}
	}
	invalid := func(errs map[string]string) error {
		f := views.RegisterForm{Username: r.Username, Email: r.Email, Role: r.Role, FirstName: r.FirstName, LastName: r.LastName, Errors: views.Errors(errs)}
		if isHTMX(c) {
			return s.render(c, 422, views.RegisterFormFragment(csrfToken(c), f))
		}
		return s.render(c, 422, views.RegisterPage(s.page(c, "Create account", ""), f))
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	hash, err := accounts.HashPassword(r.Password)
	if err != nil {
		return errInternal(err)
	}
	u, err := s.DB.CreateUser(ctx, db.CreateUserParams{Username: r.Username, Email: r.Email, PasswordHash: hash, Role: r.Role,
		FirstName: r.FirstName, LastName: r.LastName, GlucoseUnit: "mmol/L", TimeZone: s.Config.DefaultTimeZone, CreatedAt: db.Now()})
	if db.IsUniqueViolation(err) {
		// A concurrent sign-up took the name (or email) between the check and the insert.
		return invalid(map[string]string{"username": "That username or email is taken. Please choose another."})
	}
	if err != nil {
		return errInternal(err)
	}
	// Read back the row: on SQLite a trigger gives the new user its session key after the
	// insert, which RETURNING does not see.
	if u, err = s.DB.GetUser(ctx, u.ID); err != nil {
		return errInternal(err)
	}
	if err := s.renewSession(ctx); err != nil {
		return errInternal(err)
	}
	s.Sessions.Put(ctx, sessUserID, u.ID)
	s.Sessions.Put(ctx, sessKey, u.SessionKey)
	s.rotateCSRF(c)
	s.audit(c, &u.ID, &u.ID, "register", r.Role)
	s.setFlash(c, "ok", "Welcome to ZOE NutriTech! Fill in your profile so we can set your targets.")
	return redirect(c, "/profile?welcome=1")
}
