package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/editdistance"
	"github.com/nix-humanity/nix-humanity/internal/oneproc"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/internal/version"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

// Exit codes (DESIGN.md): 0 done, 1 failed, 2 refused or not understood
// (nothing written), 130 interrupted.
const (
	exitOK          = 0
	exitFailed      = 1
	exitRefused     = 2
	exitInterrupted = 130
)

// globals is what every command shares: streams, the global flags and the
// seams (settings, Nix runner). Nothing here is a package variable, so
// tests can run many ask-nix invocations in one process.
type globals struct {
	// ran is the command that ran ("diff", "index update"), "" for a
	// request; readOnlyRequest is set for a request understood as a
	// question ("show option X", "search firefox").
	ran             string
	readOnlyRequest bool

	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	json   bool
	yes    bool
	dryRun bool
	// gitAdd lets an edit `git add` the fragment when a flake in a git
	// repository would not see it (a flag only, never from request text).
	gitAdd bool
	// wait: after an edit, see it built and activated (seeThrough).
	wait bool
	// version is --version: print the version (as JSON under --json).
	version bool

	// settingFlags maps a settings key to its flag on the root command.
	settingFlags map[string]*pflag.Flag
	settings     *settings.Settings
	lookupEnv    func(string) (string, bool)
	// sshAncestor reports whether an ancestor process is the SSH server
	// (see overSSH); nil: never. sshAncestorSeen caches its answer: 0 not
	// asked yet, 1 yes, -1 no.
	sshAncestor     func() bool
	sshAncestorSeen int

	runner nixrun.Runner
	// terminals says which of stdin, stdout and stderr are terminals:
	// ask-nix asks before writing only when stdin is one and so is
	// stdout or stderr (see asks). nil: none.
	terminals func() terminals
	// saidUnasked: the note that nothing was asked is out (unasked).
	saidUnasked bool

	// uncountedEdits are fragment writes not yet added to the metrics
	// counts (see noteEdit).
	uncountedEdits int

	// commandWords is the command a request typed without quotes began
	// with ("index" of `ask-nix index status`), set when Main read the
	// words as a request (asRequest); "" otherwise.
	commandWords string
	// commandNames are the commands' names, for a request not understood
	// whose first word is a command's mistyped (nearCommand).
	commandNames []string
	// noCompletions: Main saw no completion request on the command line,
	// so newRootCommand leaves the shell completions unset (see
	// wantsCompletions).
	noCompletions bool

	// interrupts is the context handleInterrupts made, stopInterrupts
	// undoes it; nil until it runs.
	interrupts     context.Context
	stopInterrupts context.CancelFunc
}

// readOnlyAnnotation marks a command that only reads files and runs no
// process, or installs the signal handler itself before it writes
// (search and explain, which may index the NixOS options again:
// g.writing). Ctrl-C stops it where it is (the signal's default
// action), so it does without the signal handler, whose set-up (a
// thread parked for signals and a goroutine) costs a third of a
// millisecond: a tenth of a `generations --json` run, and about 15 page
// faults of a search.
const readOnlyAnnotation = "ask-nix/read-only"

// onePAnnotation marks a command whose work runs on one goroutine and
// never in parallel (search, explain): it keeps the one P ask-nix starts
// on (internal/oneproc), which saves a search or an explain about 30 to
// 60 page faults here. Every other command gets the runtime's default
// back before it runs, as a request does unless it edits or searches
// (runRequest).
const onePAnnotation = "ask-nix/one-p"

// writing is ctx for a write a read-only command may still make (search
// updating the index): with the signal handler installed first, so
// Ctrl-C stops the write cleanly, as it does any other command's. A
// command that has the handler keeps its ctx.
func (g *globals) writing(ctx context.Context) context.Context {
	if g.interrupts != nil {
		return ctx
	}
	return g.handleInterrupts(ctx)
}

// handleInterrupts makes SIGINT and SIGTERM cancel the returned context
// (derived from ctx) rather than end the process, so the command stops
// cleanly and exits 130. Once per run: later calls return the first
// context.
func (g *globals) handleInterrupts(ctx context.Context) context.Context {
	if g.interrupts == nil {
		// A closed terminal (SIGHUP) stops a command as Ctrl-C does:
		// cleanly, an activation that started finishes. A reader that
		// went away (ask-nix -y rollback | head -1) must not kill it
		// halfway either: writes to it fail instead, and the work goes on.
		signal.Ignore(syscall.SIGPIPE)
		g.interrupts, g.stopInterrupts = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		go func() {
			// The first signal asks for a clean stop; one that finds the
			// command deaf to it (blocked on a hung file system) must
			// still end it: the next is the signal's default, death. A
			// write in flight is atomic, and the locks die with us.
			<-g.interrupts.Done()
			signal.Reset(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		}()
	}
	return g.interrupts
}

// Settings resolves the settings once per run: flag > env > backend.conf >
// config.json > defaults.
func (g *globals) Settings() (*settings.Settings, error) {
	if g.settings != nil {
		return g.settings, nil
	}
	var overrides []settings.Override
	for key, f := range g.settingFlags {
		if f.Changed {
			overrides = append(overrides, settings.Override{Key: key, Value: f.Value.String(), Source: "flag --" + f.Name})
		}
	}
	s, err := settings.Loader{LookupEnv: g.lookupEnv, Flags: overrides}.Load()
	if err != nil {
		if len(overrides) > 0 {
			if _, ferr := (settings.Loader{LookupEnv: g.lookupEnv}).Load(); ferr == nil {
				return nil, usageError{err} // the flag's value, not the files
			}
		}
		return nil, err
	}
	g.settings = s
	return s, nil
}

// printVersion is --version: "ask-nix version 1.2.0", or under --json
// {"version":"1.2.0","goVersion":"go1.25.1"}.
func (g *globals) printVersion() error {
	if g.json {
		return g.printJSON(struct {
			Version   string `json:"version"`
			GoVersion string `json:"goVersion"`
		}{version.Version, runtime.Version()})
	}
	_, err := fmt.Fprintf(g.stdout, "ask-nix version %s\n", version.Version)
	return err
}

// printJSON writes one result as JSON on stdout.
func (g *globals) printJSON(v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

func newRootCommand(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "ask-nix [request]",
		Short: "Change your NixOS system by saying what you want",
		Long: `ask-nix turns a plain-language request into a checked edit of the managed
Nix fragment (by default /etc/nixos/nix-humanity.nix). The nix-humanityd
reconciler sees the change and builds and activates the system through Nix,
keeping every result as a generation you can roll back to. ask-nix help
lists requests to try; ask-nix config shows the settings.`,
		Example: `  ask-nix "install firefox and htop"
  ask-nix "enable ssh"
  ask-nix "open port 443"
  ask-nix "enable ssh and docker, then install git"
  ask-nix --dry-run "set timezone to Europe/Berlin"
  ask-nix explain --json "could you please install git and vim for me"
  ask-nix undo
  ask-nix history`,
		Args:               cobra.ArbitraryArgs,
		SilenceUsage:       true,
		SilenceErrors:      true,
		DisableSuggestions: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if cmd.HasParent() && cmd.Annotations[onePAnnotation] == "" {
				oneproc.Release()
			}
			if cmd.Annotations[readOnlyAnnotation] == "" && !g.version {
				cmd.SetContext(g.handleInterrupts(cmd.Context()))
			}
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.version {
				return g.printVersion()
			}
			if len(args) == 0 {
				if g.json {
					// Help is for people; a script that asked for
					// JSON gets one JSON document.
					return usageError{errors.New(`no request: give one, e.g. ask-nix --json "install firefox"`)}
				}
				return cmd.Help()
			}
			return runRequest(cmd.Context(), g, strings.Join(args, " "))
		},
	}
	pf := root.PersistentFlags()
	pf.BoolVar(&g.json, "json", false, "print machine-readable JSON")
	pf.BoolVarP(&g.yes, "yes", "y", false, "apply without asking")
	pf.BoolVarP(&g.dryRun, "dry-run", "n", false, "show the plan and diff, write nothing")
	pf.BoolVar(&g.wait, "wait", false, "after an edit, see it built and activated: follow nix-humanityd's pass (or run one, as apply, when none runs); exit 1 if it fails")
	pf.BoolVar(&g.gitAdd, "git-add", false, "git add the fragment when a flake in a git repository would not see it")
	// Its own flag rather than cobra's, which prints text only.
	root.Flags().BoolVarP(&g.version, "version", "v", false, "print the version (with --json, as JSON)")
	g.settingFlags = map[string]*pflag.Flag{}
	for _, k := range settings.Keys() {
		if k.Flag == "" {
			continue
		}
		pf.String(k.Flag, "", k.FlagHelp())
		f := pf.Lookup(k.Flag)
		g.settingFlags[k.Name] = f
		switch k.Name {
		case "fragment", "stateDir", "profile", "system":
		default:
			_ = pf.MarkHidden(k.Flag)
		}
	}

	root.AddCommand(
		newExplainCommand(g),
		newUndoCommand(g),
		newHistoryCommand(g),
		newDiffCommand(g),
		newApplyCommand(g),
		newStatusCommand(g),
		newRollbackCommand(g),
		newUpdateCommand(g),
		newGenerationsCommand(g),
		newGCCommand(g),
		newSearchCommand(g),
		newIndexCommand(g),
		newInfoCommand(g),
		newConfigCommand(g),
	)
	// A command line ask-nix cannot read (an unknown flag, a bad flag
	// value, stray words) is "not understood": exit 2, nothing written,
	// as the README's exit codes say for requests.
	help := newHelpCommand(g, root)
	root.SetHelpCommand(help)
	if !g.noCompletions {
		setCompletions(g, root, help)
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{nearFlag(c, negativeNumberFlag(c, root, err))}
	})
	markUsageErrors(root)
	return root
}

// newHelpCommand is `ask-nix help [command]`: with a command, its help as
// cobra gives it; alone, the usage and then the requests one can say (the
// README's `ask-nix help` and the help request promise those). Text even
// under --json: help is for people.
func newHelpCommand(g *globals, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Show what you can say, or help about a command",
		Long: `help alone shows the usage, the commands, and requests you can say in plain
words; with a command, that command's help (as --help does).`,
		Example: `  ask-nix help
  ask-nix help rollback
  ask-nix help generations diff`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if err := root.Help(); err != nil {
					return err
				}
				fmt.Fprintln(g.stdout)
				printRequestExamples(g.stdout)
				return nil
			}
			c, rest, err := root.Find(args)
			if err != nil || c == root || len(rest) > 0 {
				return usageError{fmt.Errorf("no command %q: ask-nix --help lists them", strings.Join(args, " "))}
			}
			return c.Help()
		},
	}
}

// negativeNumberFlag says what "-1" is when pflag took it for a cluster of
// unknown one-letter flags ("unknown shorthand flag: '1' in -1"): a
// number, which ask-nix's commands take with no sign (diff 1, undo 2).
// Other errors are returned as they are.
func negativeNumberFlag(c, root *cobra.Command, err error) error {
	var unknown *pflag.NotExistError
	if !errors.As(err, &unknown) || !allDigits(unknown.GetSpecifiedShortnames()) {
		return err
	}
	name := "ask-nix"
	if c != root {
		name += " " + commandPath(c, root)
	}
	return fmt.Errorf("-%s is not a flag of %s, and the numbers ask-nix takes are written with no sign (ask-nix history numbers the edits, ask-nix generations the generations)", unknown.GetSpecifiedShortnames(), name)
}

// nearFlag names the flag of c that an unknown long flag is a typo of
// ("unknown flag: --kep (did you mean --keep?)"), as a mistyped command
// is named; other errors, and a flag near none, are returned as they are.
func nearFlag(c *cobra.Command, err error) error {
	var unknown *pflag.NotExistError
	if !errors.As(err, &unknown) || len(unknown.GetSpecifiedName()) < 3 {
		return err
	}
	typed := strings.ToLower(unknown.GetSpecifiedName())
	c.InheritedFlags() // merges the parents' persistent flags into c.Flags()
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	best := closestName(typed, names)
	if best == "" {
		// A flag's start, when it is the start of one flag only
		// (--older: --older-than).
		var starts []string
		for _, n := range names {
			if strings.HasPrefix(n, typed) {
				starts = append(starts, n)
			}
		}
		if len(starts) != 1 {
			return err
		}
		best = starts[0]
	}
	return fmt.Errorf("%w (did you mean --%s?)", err, best)
}

// usageError is a command line that was not understood.
type usageError struct{ err error }

func (e usageError) Error() string {
	return e.err.Error() + "; nothing was changed (--help shows the usage)"
}
func (e usageError) Unwrap() error { return e.err }

// markUsageErrors makes every command's argument check return a
// usageError.
func markUsageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := check(cmd, args)
			var usage usageError
			if err != nil && !errors.As(err, &usage) {
				return usageError{err}
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		markUsageErrors(sub)
	}
}

// completionShells are the shells cobra's completion command writes for.
const completionShells = "bash, zsh, fish and powershell"

// strictCompletion builds cobra's completion command now, as Execute
// would, and makes a shell it has no script for a command line not
// understood (exit 2, naming the shells) rather than its help and exit
// 0. Without a shell it still shows the help.
func strictCompletion(root *cobra.Command, args []string) {
	root.InitDefaultCompletionCmd(args...)
	c, _, err := root.Find([]string{"completion"})
	if err != nil || c == root {
		return
	}
	c.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageError{fmt.Errorf("no completion for %q: ask-nix writes it for %s (e.g. ask-nix completion bash)", args[0], completionShells)}
		}
		return nil
	}
	c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	markUsageErrors(c) // completion bash extra
}

// Main runs ask-nix with the given arguments and streams and returns the
// exit code. main and the testscript tests both call it.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{
		stdin:       stdin,
		stdout:      stdout,
		stderr:      stderr,
		lookupEnv:   os.LookupEnv,
		sshAncestor: sshAncestor,
		runner:      nixrun.Exec{},
		terminals: func() terminals {
			return terminals{stdin: isTerminal(stdin), stdout: isTerminal(stdout), stderr: isTerminal(stderr)}
		},
		noCompletions: !wantsCompletions(args),
	}
	root := newRootCommand(g)
	if words, command, ok := asRequest(root, args); ok {
		args, g.commandWords = words, command
	}
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			g.commandNames = append(g.commandNames, c.Name())
		}
	}
	// Before the completion command is built: it takes its output then.
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if len(args) > 0 {
		// A run that starts with a command's name cannot reach cobra's
		// completion command, so it is not built (a tenth of the
		// start-up cobra costs).
		if c, _, err := root.Find(args[:1]); err == nil && c != root {
			root.CompletionOptions.DisableDefaultCmd = true
		} else if slices.Contains(args, "completion") {
			strictCompletion(root, args)
		}
	}
	root.SetArgs(args)
	ran, err := root.ExecuteContextC(ctx)
	if ran != nil && ran != root {
		g.ran = commandPath(ran, root)
	}
	var usage usageError
	if !g.json && errors.As(err, &usage) && jsonAsked(args) {
		// pflag stops at the first flag it cannot read, so a --json
		// after it (ask-nix rollback --to x --json) was never set: the
		// script that asked for JSON still gets its error as JSON.
		g.json = true
	}
	if g.uncountedEdits > 0 {
		g.countEdit(ctx)
	}
	if g.stopInterrupts != nil {
		g.stopInterrupts()
	}
	return g.exit(err)
}

// wantsCompletions reports whether the command line may read the shell
// completions setCompletions registers: cobra's completion requests
// (__complete, which the shells' scripts run) and the completion
// command that writes those scripts. Other runs leave them unset:
// registering them allocates about 8 KB in fresh heap pages, a few page
// faults that cost a run here 15 to 20 µs each (BENCHMARKS.md).
func wantsCompletions(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool {
		return a == cobra.ShellCompRequestCmd || a == cobra.ShellCompNoDescRequestCmd || a == "completion"
	})
}

// jsonAsked reports whether the command line asks for --json (the last
// --json or --json=BOOL before a "--" wins), read from the words as
// typed, for a command line whose flags could not all be parsed.
func jsonAsked(args []string) bool {
	asked := false
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--json" {
			asked = true
		} else if v, ok := strings.CutPrefix(a, "--json="); ok {
			asked, _ = strconv.ParseBool(v)
		}
	}
	return asked
}

// isTerminal reports whether a stream is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// asRequest reads `ask-nix rollback to yesterday`, typed without quotes,
// as the request it is: a command's name that starts a sentence the
// command itself takes no words for. It returns the flags as given and
// the words as one request; false when the command takes them (search
// firefox) or there are none (generations --json), the common case.
// The string is the command path as typed ("generations diff"), for
// the hint when the words are not understood either. It reads root,
// the tree that then runs, without setting any of its flags
// (probeFlags), so a run builds one command tree, not two.
func asRequest(root *cobra.Command, args []string) ([]string, string, bool) {
	words := 0
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			words++
		}
	}
	if words < 2 {
		return nil, "", false
	}
	c, rest, err := root.Find(args)
	if err != nil || c == root || c.Args == nil {
		return nil, "", false
	}
	// With no flag after the command's name, every word is one of its
	// own: the flags need no parse (search firefox, the common case, then
	// copies no flag set).
	pos := rest
	if slices.ContainsFunc(rest, func(a string) bool { return strings.HasPrefix(a, "-") }) {
		pos, err = probeFlags(c, rest)
	}
	if err != nil || len(pos) == 0 || c.Args(c, pos) == nil {
		return nil, "", false
	}
	// The command's words (generations diff), in order, then its own.
	var path []*cobra.Command
	for p := c; p != nil && p != root; p = p.Parent() {
		path = append([]*cobra.Command{p}, path...)
	}
	var flags, said []string
	for _, a := range args {
		switch {
		case len(path) > 0 && (a == path[0].Name() || slices.Contains(path[0].Aliases, a)):
			said, path = append(said, a), path[1:]
		case len(pos) > 0 && a == pos[0] && len(path) == 0:
			said, pos = append(said, a), pos[1:]
		default:
			flags = append(flags, a)
		}
	}
	if len(pos) > 0 {
		return nil, "", false // words not found in order: leave it to cobra
	}
	for _, f := range flags {
		// A flag of the command's own (apply --force) is no request's:
		// leave it to cobra, which names what it takes.
		if name, ok := strings.CutPrefix(f, "--"); ok {
			name, _, _ = strings.Cut(name, "=")
			if root.PersistentFlags().Lookup(name) == nil {
				return nil, "", false
			}
		} else if name, ok := strings.CutPrefix(f, "-"); ok && len(name) == 1 && root.PersistentFlags().ShorthandLookup(name) == nil {
			return nil, "", false
		}
	}
	return append(flags, strings.Join(said, " ")), commandPath(c, root), true
}

// probeFlags parses c's command line as cobra would and returns its
// words, into stand-ins for c's flags: the real ones keep their
// defaults for the run that follows (a repeatable flag parsed twice
// would hold its values twice).
func probeFlags(c *cobra.Command, args []string) ([]string, error) {
	fs := pflag.NewFlagSet(c.Name(), pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.InheritedFlags() // merges the parents' persistent flags into c.Flags()
	c.Flags().VisitAll(func(f *pflag.Flag) {
		fs.AddFlag(&pflag.Flag{Name: f.Name, Shorthand: f.Shorthand, NoOptDefVal: f.NoOptDefVal, Value: probeValue(f.Value.Type())})
	})
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// probeValue stands in for a flag's value in probeFlags: it checks what
// the real value would refuse where that is a plain type, and keeps
// nothing.
type probeValue string

func (v probeValue) String() string { return "" }
func (v probeValue) Type() string   { return string(v) }
func (v probeValue) Set(s string) error {
	var err error
	switch v {
	case "bool":
		_, err = strconv.ParseBool(s)
	case "int":
		_, err = strconv.Atoi(s)
	case "uint":
		_, err = strconv.ParseUint(s, 10, 0)
	}
	return err
}

// fallbackSuggestions are what a request with nothing near it is
// offered (the parser's last resort).
var fallbackSuggestions = []intent.Suggestion{
	{Kind: intent.Help, Example: "help"},
	{Kind: intent.Install, Example: "install firefox"},
	{Kind: intent.Search, Example: "search firefox"},
}

// commandUsage is the usage line of the command at path and of its
// subcommands, without cobra's "[flags]" ("diff": "ask-nix diff [N]";
// "index": "ask-nix index or ask-nix index update").
func commandUsage(path string) string {
	root := newRootCommand(&globals{lookupEnv: os.LookupEnv})
	c, _, err := root.Find(strings.Fields(path))
	if err != nil || c == root {
		return "ask-nix " + path
	}
	lines := []string{strings.TrimSuffix(c.UseLine(), " [flags]")}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			lines = append(lines, strings.TrimSuffix(sub.UseLine(), " [flags]"))
		}
	}
	return strings.Join(lines, " or ")
}

// commandPath is c's words below root, as one types them.
func commandPath(c, root *cobra.Command) string {
	var words []string
	for p := c; p != nil && p != root; p = p.Parent() {
		words = append([]string{p.Name()}, words...)
	}
	return strings.Join(words, " ")
}

// geteuid is os.Geteuid; tests, which run as root, stand in for a user.
var geteuid = os.Geteuid

// exit prints err the way the user asked (text or JSON) and maps it to an
// exit code: one place for every command.
func (g *globals) exit(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, fs.ErrPermission) && geteuid() != 0 {
		// Not root: say who may, rather than leave a bare EACCES.
		err = fmt.Errorf("%w\nThat needs root (sudo ask-nix ...) or membership in the group that owns the fragment and state (services.nix-humanity.allowedUsers adds users to it)", err)
	}
	if errors.Is(err, syscall.EPIPE) {
		// The reader went away (ask-nix search x | head -1): the shell's
		// code for a pipe closed early, and nothing to say to no one.
		return 128 + int(syscall.SIGPIPE)
	}
	code, kind := exitFailed, "failed"
	var rej *guard.Rejection
	var nu *intent.NotUnderstood
	var usage usageError
	switch {
	case errors.As(err, &usage):
		code, kind = exitRefused, "not-understood"
	case errors.As(err, &rej):
		code, kind = exitRefused, "rejected"
		if rej.Code == guard.CodeUnknownOption && g.settings != nil && inPlayground(g.settings) {
			// "No NixOS option named users.users.alice.isNormalUser"
			// would be untrue: the playground's index is a part.
			// Every *.enable is in it, as on NixOS.
			rest, ok := strings.CutPrefix(rej.Reason, "no NixOS option named ")
			if path, _, _ := strings.Cut(rest, " "); ok && !strings.HasSuffix(strings.TrimSuffix(path, ";"), ".enable") {
				rej.Reason = "the playground's option index has no option named " + rest + "; " + playgroundOptionsNote
			}
		}
	case errors.As(err, &nu):
		code, kind = exitRefused, "not-understood"
		if g.commandWords != "" && nu.Hint == "" {
			// "ask-nix index status", "ask-nix diff 1 2": the words
			// began with a command that takes none (or not these);
			// point at that command's own usage and help, rather than
			// at requests chosen for having nothing in common with
			// the words ("help", "install firefox").
			if slices.Equal(nu.Suggestions, fallbackSuggestions) {
				nu.Suggestions = nil
			}
			nu.Hint = fmt.Sprintf("`ask-nix %s` takes no words like these (usage: %s; ask-nix %s --help shows what it does and takes)", g.commandWords, commandUsage(g.commandWords), g.commandWords)
		}
		if word, name := nearCommand(nu.Request, g.commandNames); name != "" && g.commandWords == "" && nu.Hint == "" &&
			!slices.ContainsFunc(nu.Suggestions, func(s intent.Suggestion) bool { return s.Example == name }) {
			// `ask-nix staus`: a command mistyped, not a package to
			// install or search for ("install staus").
			nu.Suggestions = slices.DeleteFunc(slices.Clone(nu.Suggestions), func(s intent.Suggestion) bool {
				return slices.Contains(strings.Fields(s.Example), word) || slices.Contains(fallbackSuggestions, s)
			})
			nu.Hint = fmt.Sprintf("%q is no command of ask-nix: did you mean ask-nix %s? (ask-nix --help lists the commands)", word, name)
		}
	case errors.Is(err, context.Canceled):
		code, kind = exitInterrupted, "interrupted"
	}
	if g.json {
		body := map[string]any{"code": kind, "reason": errText(err)}
		if nu != nil && len(nu.Suggestions) > 0 {
			body["suggestions"] = nu.Suggestions
		}
		_ = g.printJSON(map[string]any{"error": body})
	} else {
		// Nix's error text, or a file's, may carry escape sequences.
		fmt.Fprintf(g.stderr, "ask-nix: %s\n", termtext.Text(err.Error()))
		switch {
		case rej != nil && rej.Code == guard.CodeDangerousPattern:
			fmt.Fprintf(g.stderr, "ask-nix: nothing was changed. %s\n", patternAdvice(rej.Reason))
		case code == exitRefused && !saysNothingDone(err.Error()) && !readOnly[g.ran] && !g.readOnlyRequest:
			// A refusal changes nothing (exit 2); say so in words too,
			// for the person who does not read exit codes.
			fmt.Fprintln(g.stderr, "ask-nix: nothing was changed.")
		}
		if code == exitFailed {
			if hint := g.notNixOSHint(); hint != "" {
				fmt.Fprintf(g.stderr, "ask-nix: %s\n", hint)
			}
		}
	}
	return code
}

// readOnly are the commands that never change anything, whose refusals
// need not say so.
var readOnly = map[string]bool{
	"config": true, "diff": true, "explain": true, "generations": true, "generations diff": true,
	"help": true, "history": true, "index": true, "info": true, "search": true, "status": true,
}

// readOnlyKinds are the requests that only ask.
var readOnlyKinds = map[intent.Kind]bool{
	intent.Search: true, intent.ListGenerations: true, intent.SystemInfo: true, intent.ListInstalled: true,
	intent.Status: true, intent.Help: true, intent.ShowOption: true,
}

// saysNothingDone reports whether an error's text already says that
// nothing was changed, written, run or deleted.
func saysNothingDone(text string) bool {
	text = strings.ToLower(text) // "Nothing was written." too
	for _, w := range []string{"nothing was ", "nothing ran", "nothing is changed", "nothing changed", "nothing was run"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// playgroundOptionsNote qualifies an unknown option in the playground,
// whose option index is only part of NixOS's.
const playgroundOptionsNote = "it holds only part of NixOS's options (every *.enable and those ask-nix's own words reach), and on NixOS, whose index has them all, the option may exist"

// inPlayground says whether s are a playground's settings (nix-humanityd
// --playground DIR): its fragment, stand-in system and option index.
func inPlayground(s *settings.Settings) bool {
	l, err := playground.LayoutOf(filepath.Dir(s.Fragment))
	return err == nil && s.Fragment == l.Fragment && s.System == l.SystemDir && s.OptionsJSON == l.OptionsJSON
}

// nixosMarker is the file every NixOS system has (tests point it
// elsewhere).
var nixosMarker = "/etc/NIXOS"

// notNixOSHint is said under a failure on a machine that is not NixOS
// while the fragment and state are at their NixOS defaults: most likely
// the playground's settings were not exported in this shell (after make
// demo), and advice about /etc/nixos would send the person the wrong
// way. "" otherwise, and when the settings were never read.
func (g *globals) notNixOSHint() string {
	s := g.settings
	if s == nil || s.Source("fragment") != "default" || s.Source("stateDir") != "default" {
		return ""
	}
	if _, err := os.Stat(nixosMarker); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	return fmt.Sprintf("this machine is not NixOS (there is no %s) and ask-nix uses NixOS's default paths (ask-nix config shows them): to try it in the playground, run make demo (or nix-humanityd --playground DIR --setup-only) and export NIX_HUMANITY_CONFIG=DIR/config.json in this shell", nixosMarker)
}

// patternAdvice is what to write instead of the shell or Nix syntax a
// refusal named: ask-nix reads words, and "and" joins requests.
func patternAdvice(reason string) string {
	p := reason[strings.LastIndexByte(reason, ' ')+1:]
	switch p {
	case ";", "&&", "||", "&":
		return `ask-nix reads plain words, not shell: to ask for several things, join them with "and" (ask-nix "install vim and enable ssh"), or run ask-nix once for each`
	case "|", ">", ">>", "<", "<<":
		return "ask-nix reads plain words, not shell: a pipe or redirection goes outside the quoted request (ask-nix --json search firefox | jq)"
	}
	return "ask-nix reads plain words (names, numbers, an option and its value), not shell or Nix code: say what you want done, and it writes the Nix"
}

// errText is the reason without the "refused: " prefix the text form
// carries.
func errText(err error) string {
	var rej *guard.Rejection
	if errors.As(err, &rej) {
		return rej.Reason
	}
	return err.Error()
}

// nearCommand is the command whose name the request's first word looks
// mistyped from ("staus": status; "genrations": generations), and that
// word; "" when there is none, or when the word is a command's name
// (the command took it and did not understand the rest) or too short to
// tell. A name of up to 4 letters is one typo away, a longer one two.
func nearCommand(request string, names []string) (word, name string) {
	fields := strings.Fields(request)
	if len(fields) == 0 {
		return "", ""
	}
	word = strings.ToLower(fields[0])
	if len(word) < 3 || slices.Contains(names, word) {
		return "", ""
	}
	best := closestName(word, names)
	if best == "" {
		return "", ""
	}
	return fields[0], best
}

// closestName is the name a mistyped word is nearest to: within one
// edit of a name of up to four letters, two of a longer one, the first
// of the nearest; "" when none is that near.
func closestName(word string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		limit := 2
		if len(n) <= 4 {
			limit = 1
		}
		if d := editdistance.OSA(word, n, limit); d <= limit && d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}
