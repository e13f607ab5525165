package handlers

import (
	"context"
	"strconv"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// AccountsNamespace is bumped when every account changes at once (`zoe end-sessions`
// renews every session key): each signed-in user is read again from the database.
const AccountsNamespace = "accounts"

// cachedUser is the signed-in user as the first level of the cache keeps it: in this
// server only (Server.users; a new server starts empty, e.g. after a restore) (never written to Redis: the row holds the password hash), cloned for each
// request.
type cachedUser struct{ U db.User }

func (c cachedUser) Clone() cachedUser {
	u := c.U
	u.BirthDate = clonePtr(u.BirthDate)
	u.Gender = clonePtr(u.Gender)
	u.HeightCm = clonePtr(u.HeightCm)
	u.WeightKg = clonePtr(u.WeightKg)
	u.ActivityLevel = clonePtr(u.ActivityLevel)
	u.MonthlyBudgetUgx = clonePtr(u.MonthlyBudgetUgx)
	u.LastSync = clonePtr(u.LastSync)
	return cachedUser{U: u}
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// userByID is GetUser through the in-process first level. Its namespaces are the user's
// (suggest.UserNamespace, bumped by forgetUser and by every logbook write) and
// AccountsNamespace: a change of role, profile or session key is seen by the next request,
// on this instance or any other sharing Redis.
func (s *Server) userByID(ctx context.Context, id int64) (db.User, error) {
	c, err := cache.GetOrLoadLocalIn(ctx, s.Cache, s.users, "user", []string{AccountsNamespace, suggest.UserNamespace(id)},
		"account:"+strconv.FormatInt(id, 10), func(ctx context.Context) (cachedUser, error) {
			u, err := s.DB.GetUser(ctx, id)
			return cachedUser{U: u}, err
		})
	return c.U, err
}

// forgetUser drops what is cached of a user after their row changed (profile, password,
// session key, last sync, deletion): the signed-in user and what was computed from them.
// It must be called after every write to the users table.
func (s *Server) forgetUser(ctx context.Context, id int64) error {
	return suggest.InvalidateUser(ctx, s.Cache, id)
}

// forgetUserOrLog is forgetUser after a write that is already committed. A failure means
// Redis is unreachable from here: this instance reads users from the database meanwhile
// (bypass), the bump is retried on the next contact (see internal/cache), and another
// instance that can still reach Redis may serve its first-level copy for at most
// cache.DecodedTTL.
func (s *Server) forgetUserOrLog(ctx context.Context, id int64) {
	if err := s.forgetUser(ctx, id); err != nil {
		s.Log.Error("cached user not invalidated", "user", id, "err", err)
	}
}
