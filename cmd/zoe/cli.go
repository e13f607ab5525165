package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
