package nixrun

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
)

// SetProfile makes storePath the profile's new generation
// (`nix-env -p <profile> --set <path>`).
func SetProfile(ctx context.Context, r Runner, profile, storePath string) error {
	if profile == "" || storePath == "" {
		return errors.New("set profile: a profile and a store path are needed")
	}
	_, err := r.Run(ctx, Cmd{Argv: []string{"nix-env", "-p", profile, "--set", storePath}})
	return err
}

// SwitchGeneration points the profile at an existing generation
// (`nix-env -p <profile> --switch-generation <n>`).
func SwitchGeneration(ctx context.Context, r Runner, profile string, gen int) error {
	if profile == "" || gen <= 0 {
		return errors.New("switch generation: a profile and a generation number are needed")
	}
	_, err := r.Run(ctx, Cmd{Argv: []string{"nix-env", "-p", profile, "--switch-generation", strconv.Itoa(gen)}})
	return err
}

// FlakeUpdate updates a flake's inputs and its lock file, and returns
// the command that did it. Nix 2.19 and later take the flake as
// `nix flake update --flake <flake>` (a word after update names an
// input there: `nix flake update /etc/nixos` fails with the Nix of
// NixOS 24.11 and later); older Nix knows no --flake and takes the flake as its
// argument, which is tried when Nix says the flag is unknown.
func FlakeUpdate(ctx context.Context, r Runner, flake string) ([]string, error) {
	if flake == "" {
		return nil, errors.New("flake update: no flake given")
	}
	argv := []string{"nix", "flake", "update", "--flake", flake}
	_, err := r.Run(ctx, Cmd{Argv: argv})
	var xe *ExitError
	if errors.As(err, &xe) && xe.Signal == 0 && unknownFlag(xe.Stderr, "--flake") {
		argv = []string{"nix", "flake", "update", flake}
		_, err = r.Run(ctx, Cmd{Argv: argv})
	}
	return argv, err
}

// FlakeUpdateInputs updates only the named inputs of a flake in its
// lock file, the others left as they are, and returns the command that
// did it. Nix 2.19 and later take `nix flake update --flake <flake>
// <input>...`; older Nix (2.8, say) has no input words for nix flake
// update and takes `nix flake lock <flake> --update-input <input>`
// instead. Which one runs is found as FlakeUpdate finds it: the new form
// first, the old one when Nix says it knows no --flake. --flake comes
// first: Nix reads its arguments in order, and Nix 2.8 given two inputs
// before it stops at the second ("unexpected argument") without saying
// it knows no --flake. Not by `nix --version`: Lix and
// patched Nix number their versions otherwise, and Nix saying what it
// does not know is what decides. (Nix 2.19 still takes --update-input,
// with a warning, but a later Nix need not.) Each name must be
// flakeinput.Valid: none reaches Nix otherwise, and none can be read
// as a flag.
func FlakeUpdateInputs(ctx context.Context, r Runner, flake string, inputs []string) ([]string, error) {
	if flake == "" {
		return nil, errors.New("flake update: no flake given")
	}
	if len(inputs) == 0 {
		return nil, errors.New("flake update: no input named")
	}
	for _, in := range inputs {
		if err := flakeinput.Check(in); err != nil {
			return nil, err
		}
	}
	argv := append([]string{"nix", "flake", "update", "--flake", flake}, inputs...)
	_, err := r.Run(ctx, Cmd{Argv: argv})
	var xe *ExitError
	if errors.As(err, &xe) && xe.Signal == 0 && unknownFlag(xe.Stderr, "--flake") {
		argv = []string{"nix", "flake", "lock", flake}
		for _, in := range inputs {
			argv = append(argv, "--update-input", in)
		}
		_, err = r.Run(ctx, Cmd{Argv: argv})
	}
	return argv, err
}

// unknownFlag reports whether Nix refused flag as one it does not know
// ("error: unrecognised flag '--flake'").
func unknownFlag(stderr []byte, flag string) bool {
	s := string(stderr)
	return strings.Contains(s, "unrecognised flag '"+flag+"'") || strings.Contains(s, "unrecognized flag '"+flag+"'")
}

// ChannelUpdate fetches the newest channels (`nix-channel --update`).
func ChannelUpdate(ctx context.Context, r Runner) error {
	_, err := r.Run(ctx, Cmd{Argv: []string{"nix-channel", "--update"}})
	return err
}

// Channels lists the names of this user's channels (`nix-channel --list`,
// "nixos https://..." per line): with none, `nix-channel --update` fetches
// nothing.
func Channels(ctx context.Context, r Runner) ([]string, error) {
	res, err := r.Run(ctx, Cmd{Argv: []string{"nix-channel", "--list"}})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(string(res.Stdout), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	return names, nil
}
