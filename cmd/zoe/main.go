// Command zoe is ZOE NutriTech in one binary: the web server and the operator's commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `zoe — ZOE NutriTech

Usage:
  zoe serve [--addr ADDR] [--database-url URL] [--redis-url URL] [--migrate] [--seed-demo]
  zoe migrate up|down [--no-backup] [--force] | status   (down --force: even if it drops tables holding rows)
  zoe backup [--files] | verify FILE | list
  zoe restore FILE [--force] | --files FILE [--force]
  zoe end-sessions                        (sign everybody out: new session keys, stored sessions deleted)
  zoe create-user --role patient|dietitian|admin --username NAME --email EMAIL [--password-stdin]
  zoe seed-demo [--patients N --days D --roster R]   (synthetic data; N patients with D days each, R per synthetic dietitian)
  zoe train [--models-dir DIR]
  zoe plan --user USERNAME --days 1|7 [--budget UGX] --json
  zoe import foods
  zoe import prices FILE | --bundled [--if-empty]
  zoe prices coverage [--json] | recompute
  zoe ask --user USERNAME "question"   (the nutrition assistant's reply, stored as a chat turn)
Commands that use the database also take --database-url URL (DATABASE_URL).

Configuration comes from environment variables (see README.md); flags override them.
zoe COMMAND --help shows what a command does and its flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if errors.Is(err, errHelp) {
		return
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			if ue.usage != "" {
				fmt.Fprint(os.Stderr, ue.usage)
			} else {
				fmt.Fprint(os.Stderr, usage)
			}
		}
		fmt.Fprintln(os.Stderr, "zoe:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{msg: "no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest)
	case "migrate":
		return migrate(ctx, rest)
	case "backup":
		return backupCmd(ctx, rest)
	case "restore":
		return restoreCmd(ctx, rest)
	case "end-sessions":
		return endSessionsCmd(ctx, rest)
	case "create-user":
		return createUser(ctx, rest)
	case "seed-demo":
		return seedDemo(ctx, rest)
	case "train":
		return train(ctx, rest)
	case "import":
		return importCmd(ctx, rest)
	case "plan":
		return planCmd(ctx, rest)
	case "ask":
		return ask(ctx, rest, os.Stdout)
	case "prices":
		return pricesCmd(ctx, rest)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return usageError{msg: fmt.Sprintf("unknown command %q", cmd)}
}
