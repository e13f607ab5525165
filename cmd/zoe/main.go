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

// commands runs each command with the arguments after its name.
var commands = map[string]func(ctx context.Context, args []string) error{
	"serve":        serve,
	"migrate":      migrate,
	"backup":       backupCmd,
	"restore":      restoreCmd,
	"end-sessions": endSessionsCmd,
	"create-user":  createUser,
	"seed-demo":    seedDemo,
	"train":        train,
	"import":       importCmd,
	"plan":         planCmd,
	"ask":          func(ctx context.Context, args []string) error { return ask(ctx, args, os.Stdout) },
	"prices":       pricesCmd,
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{msg: "no command given"}
	}
	cmd, rest := args[0], args[1:]
	if c, ok := commands[cmd]; ok {
		return c(ctx, rest)
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return usageError{msg: fmt.Sprintf("unknown command %q", cmd)}
}
