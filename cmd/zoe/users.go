package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
)

// createUser adds an account from the command line — the way to make the first admin.
func createUser(ctx context.Context, args []string) error {
	c := newCommand("create-user", "zoe create-user --role patient|dietitian|admin --username NAME --email EMAIL [--password-stdin] [--database-url URL]",
		"Adds an account (the way to make the first admin). Without --password-stdin a password is generated\nand printed once.", true)
	role := c.String("role", "patient", "patient, dietitian or admin")
	username := c.String("username", "", "username (3–32 letters, digits, . - _)")
	email := c.String("email", "", "email address")
	fromStdin := c.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	return c.run(args, nil, func([]string) error {
		password := ""
		generated := false
		if *fromStdin {
			line, err := bufio.NewReader(os.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return errors.New("create-user: no password on standard input")
			}
			password = strings.TrimRight(line, "\r\n")
		} else {
			password = randomPassword()
			generated = true
		}
		r := accounts.Registration{Username: *username, Email: *email, Password: password, Confirm: password, Role: "patient"}
		r.Normalize()
		errs := r.Validate()
		if !accounts.ValidRole(*role) {
			errs["role"] = "use patient, dietitian or admin"
		}
		if len(errs) > 0 {
			var msgs []string
			for f, m := range errs {
				msgs = append(msgs, f+": "+m)
			}
			return fmt.Errorf("create-user: %s", strings.Join(msgs, "; "))
		}
		return withDB(ctx, c.cfg, func(d *db.DB) error {
			hash, err := accounts.HashPassword(password)
			if err != nil {
				return err
			}
			u, err := d.CreateUser(ctx, db.CreateUserParams{Username: r.Username, Email: r.Email, PasswordHash: hash, Role: *role,
				GlucoseUnit: "mmol/L", TimeZone: c.cfg.DefaultTimeZone, CreatedAt: db.Now()})
			if err != nil {
				return fmt.Errorf("create-user: %w (is the username or email taken?)", err)
			}
			fmt.Printf("created %s %q (id %d)\n", u.Role, u.Username, u.ID)
			if generated {
				fmt.Printf("password: %s\n(shown once; the user can change it after logging in)\n", password)
			}
			return nil
		})
	})
}
