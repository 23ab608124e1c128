package nixrun

import (
	"context"
	"errors"
	"strconv"
	"strings"
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

// FlakeUpdate updates a flake's inputs and its lock file
// (`nix flake update <flake>`).
func FlakeUpdate(ctx context.Context, r Runner, flake string) error {
	if flake == "" {
		return errors.New("flake update: no flake given")
	}
	_, err := r.Run(ctx, Cmd{Argv: []string{"nix", "flake", "update", flake}})
	return err
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
