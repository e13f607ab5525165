package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
)

// errHelp: a command printed its usage because --help was asked for (exit status 0).
var errHelp = errors.New("help shown")

// usageError is a mistake on the command line; main prints usage (the command's own when
// known, else the overview) and the message, and exits 1.
type usageError struct {
	msg   string
	usage string // the command's usage and flags; "" means the overview
}

func (e usageError) Error() string { return e.msg }

// cmdFlags is one subcommand's own flag set: `zoe CMD --help` prints its synopsis, what it
// does and its flags, and an unknown flag is a usage error naming the command.
type cmdFlags struct {
	*flag.FlagSet
	synopsis, about string
	out             io.Writer // where --help prints (standard output unless a command prints elsewhere)
}

func newFlags(name, synopsis, about string) *cmdFlags {
	fs := flag.NewFlagSet("zoe "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are returned and printed once, by main
	fs.Usage = func() {}
	return &cmdFlags{FlagSet: fs, synopsis: synopsis, about: about, out: os.Stdout}
}

// usage is the command's synopsis, description and flags.
func (f *cmdFlags) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage:\n  %s\n\n%s\n", f.synopsis, f.about)
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nFlags:\n")
		f.SetOutput(&b)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	b.WriteString("\nConfiguration comes from environment variables (see README.md); flags override them.\n")
	return b.String()
}

// parse reads the flags wherever they stand among args (before or after the positional
// arguments) and returns the positional arguments. --help prints the usage to standard
// output and returns errHelp.
func (f *cmdFlags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(f.out, f.usage())
				return nil, errHelp
			}
			return nil, f.fail("%v", err)
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// fail is a usage error that prints this command's usage.
func (f *cmdFlags) fail(format string, a ...any) error {
	return usageError{msg: strings.TrimPrefix(f.Name(), "zoe ") + ": " + fmt.Sprintf(format, a...), usage: f.usage()}
}

// envConfig reads the environment; the error names each bad variable.
func envConfig() (config.Config, error) {
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return cfg, fmt.Errorf("configuration: %w", err)
	}
	return cfg, nil
}

// command is one subcommand being run: its flags and the configuration read from the
// environment, which its flags may override.
type command struct {
	*cmdFlags
	cfg    config.Config
	envErr error
}

// newCommand reads the environment and makes the flags of the command name; withDB adds
// --database-url.
func newCommand(name, synopsis, about string, withDB bool) *command {
	cfg, envErr := envConfig()
	c := &command{cmdFlags: newFlags(name, synopsis, about), cfg: cfg, envErr: envErr}
	if withDB {
		c.cfg.DatabaseFlag(c.FlagSet)
	}
	return c
}

// run parses args, lets check judge the positional arguments and flag values (nil: the
// command takes no positional argument) and then, the environment being good, calls do:
// a mistake on the command line is reported before a bad environment variable.
func (c *command) run(args []string, check func(rest []string) error, do func(rest []string) error) error {
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if check == nil {
		check = c.noArgs
	}
	if err := check(rest); err != nil {
		return err
	}
	if c.envErr != nil {
		return c.envErr
	}
	return do(rest)
}

// runDB is run with the migrated database open for do.
func (c *command) runDB(ctx context.Context, args []string, check func(rest []string) error, do func(d *db.DB, rest []string) error) error {
	return c.run(args, check, func(rest []string) error {
		return withDB(ctx, c.cfg, func(d *db.DB) error { return do(d, rest) })
	})
}

// noArgs is the check of a command without positional arguments.
func (f *cmdFlags) noArgs(rest []string) error {
	if len(rest) > 0 {
		return f.fail("unexpected argument %q", rest[0])
	}
	return nil
}

// oneFile is the check of a command that takes one FILE.
func (c *command) oneFile(rest []string) error {
	if len(rest) != 1 {
		return c.fail("needs one FILE")
	}
	return nil
}

// helpShown is err, except that a command whose --help printed its usage succeeded (for
// the commands that tests call with their own output).
func helpShown(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

// verb splits `zoe CMD VERB ...` into VERB ("" when args begin with a flag or are empty)
// and the rest.
func verb(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}
