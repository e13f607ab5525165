package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
)

// redisSessionPrefix is where serve keeps sessions in Redis.
const redisSessionPrefix = "zoe:session:"

// endedSessions says what endAllSessions did.
type endedSessions struct {
	Users          int64 // users given a new session key (every session of theirs is void)
	StoredRows     int64 // sessions deleted from the database store
	RedisKeys      int   // sessions deleted from Redis
	KeysPending    bool  // the schema predates session keys: `migrate up` will give new ones
	RedisSkipped   bool  // no REDIS_URL
	RedisUnreached error
}

func (e endedSessions) String() string {
	s := fmt.Sprintf("ended every session: new session keys for %d users, %d stored sessions deleted", e.Users, e.StoredRows)
	if e.KeysPending {
		s = fmt.Sprintf("ended every session: %d stored sessions deleted; session keys are renewed by `zoe migrate up`", e.StoredRows)
	}
	switch {
	case e.RedisUnreached != nil:
		s += fmt.Sprintf("; Redis could not be cleared (%v), but its sessions no longer match any user's key", e.RedisUnreached)
	case !e.RedisSkipped:
		s += fmt.Sprintf(", %d Redis sessions deleted", e.RedisKeys)
	}
	return s
}

// endAllSessions ends every session: after a restore, user ids may belong to other
// people than the sessions think. Every user gets a new session key (sessions carry the
// key they began with, and are void when it differs), the database session store is
// emptied, and so are the sessions in Redis (keys under prefix) when rc is not nil.
func endAllSessions(ctx context.Context, d *db.DB, rc *redis.Client, prefix string) (endedSessions, error) {
	var e endedSessions
	pending, err := d.Pending(ctx)
	if err != nil {
		return e, err
	}
	if pending > 0 {
		// A backup from before session keys: `migrate up` adds them, random per user.
		e.KeysPending = true
	} else if e.Users, err = d.RotateAllSessionKeys(ctx); err != nil {
		return e, fmt.Errorf("renew session keys: %w", err)
	}
	if e.StoredRows, err = d.DeleteAllSessions(ctx); err != nil {
		return e, fmt.Errorf("delete stored sessions: %w", err)
	}
	if rc == nil {
		e.RedisSkipped = true
		return e, nil
	}
	e.RedisKeys, e.RedisUnreached = deleteRedisPrefix(ctx, rc, prefix)
	if e.RedisUnreached == nil {
		// serve keeps signed-in users in a first level whose generations live in Redis
		// (handlers.AccountsNamespace): bump it so every instance reads them again.
		e.RedisUnreached = cache.NewRedis(rc, strings.TrimSuffix(prefix, "session:")).Invalidate(ctx, handlers.AccountsNamespace)
	}
	return e, nil
}

// deleteRedisPrefix deletes every key under prefix, in batches (SCAN, never KEYS).
func deleteRedisPrefix(ctx context.Context, rc *redis.Client, prefix string) (int, error) {
	n := 0
	iter := rc.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := rc.Unlink(ctx, batch...).Err(); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := iter.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// endSessionsWith opens the database and Redis of cfg and ends every session.
func endSessionsWith(ctx context.Context, cfg config.Config) (endedSessions, error) {
	d, err := openExistingDB(ctx, cfg)
	if err != nil {
		return endedSessions{}, err
	}
	defer d.Close()
	var rc *redis.Client
	if cfg.RedisURL != "" {
		if rc, err = cache.NewRedisClient(cfg.RedisURL); err != nil {
			return endedSessions{}, fmt.Errorf("REDIS_URL: %w", err)
		}
		defer rc.Close()
	}
	return endAllSessions(ctx, d, rc, redisSessionPrefix)
}

// endSessionsCmd: `zoe end-sessions` signs everybody out (after a point-in-time
// recovery, or when sessions may have leaked).
func endSessionsCmd(ctx context.Context, args []string) error {
	c := newCommand("end-sessions", "zoe end-sessions [--database-url URL]",
		"Signs everybody out: new session keys, stored sessions (database and Redis) deleted. Use it after a\npoint-in-time recovery, or when sessions may have leaked.", true)
	return c.run(args, nil, func([]string) error {
		e, err := endSessionsWith(ctx, c.cfg)
		if err != nil {
			return fmt.Errorf("end-sessions: %w", err)
		}
		fmt.Println(e)
		return nil
	})
}
