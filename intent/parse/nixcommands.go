package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleNixCommand: the commands NixOS users type, said to ask-nix, read
// as what they ask for: "nixos-rebuild switch" is apply, "nixos-rebuild
// switch --upgrade" update, "nixos-rebuild switch --rollback" rollback,
// "nix-env -iA nixos.firefox" and "nix profile install nixpkgs#htop"
// install (into the system's configuration, which is what ask-nix
// edits), "nix-env -e firefox" remove, "nix-channel --update" and "nix
// flake update" update, "nix-store --gc" collect garbage. Anything else
// on such a command line is not guessed at.
func ruleNixCommand(text string, ts []token) (intent.Intent, bool, error) {
	if ts[0].w == "sudo" {
		ts = ts[1:]
	}
	if len(ts) == 1 && ts[0].w == "nix-collect-garbage" {
		return intent.Intent{Kind: intent.GC, Collect: true}, true, nil
	}
	if len(ts) < 2 || ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	switch ts[0].w {
	case "nixos-rebuild", "nix-env", "nix", "nix-channel", "nix-store":
	case "nix-collect-garbage":
		return collectGarbageCommand(ts[1:])
	case "nh":
		return nhCommand(text, ts[1:])
	default:
		return intent.Intent{}, false, nil
	}
	// Subcommands and flags in any case; package names as typed.
	flags, names, raws := map[string]bool{}, []string{}, []string{}
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case strings.HasPrefix(t.w, "-"):
			flags[t.w] = true
		default:
			names, raws = append(names, t.w), append(raws, t.raw)
		}
	}
	only := func(want ...string) bool { // the flags are among want
		for f := range flags {
			found := false
			for _, w := range want {
				found = found || f == w
			}
			if !found {
				return false
			}
		}
		return true
	}
	switch ts[0].w {
	case "nixos-rebuild":
		// Another word (a flake after --flake) is for nixCommandOther.
		switch {
		case len(names) != 1:
		case names[0] == "switch" && flags["--rollback"] && only("--rollback"):
			return intent.Intent{Kind: intent.Rollback}, true, nil
		case names[0] == "boot" && flags["--rollback"] && only("--rollback"):
			return intent.Intent{Kind: intent.Rollback, Boot: true}, true, nil
		case names[0] == "switch" && flags["--upgrade"] && only("--upgrade"):
			return intent.Intent{Kind: intent.Update}, true, nil
		case names[0] == "switch" && len(flags) == 0:
			return intent.Intent{Kind: intent.Apply}, true, nil
		case (names[0] == "test" || names[0] == "boot" || names[0] == "build") && len(flags) == 0:
			return intent.Intent{Kind: intent.Apply, Action: names[0]}, true, nil
		}
	case "nix-env":
		switch {
		case (flags["-ia"] || flags["-i"]) && only("-ia", "-i", "-a") && len(names) > 0:
			if pkgs := channelless(raws); pkgs != nil {
				return intent.Intent{Kind: intent.Install, Packages: pkgs}, true, nil
			}
		case (flags["-e"] || flags["--uninstall"]) && only("-e", "--uninstall") && len(names) > 0:
			if pkgs := channelless(raws); pkgs != nil {
				return intent.Intent{Kind: intent.Remove, Packages: pkgs}, true, nil
			}
		}
	case "nix":
		switch {
		case len(names) >= 3 && names[0] == "profile" && names[1] == "install" && len(flags) == 0:
			if pkgs := channelless(raws[2:]); pkgs != nil {
				return intent.Intent{Kind: intent.Install, Packages: pkgs}, true, nil
			}
		case len(names) == 2 && names[0] == "flake" && names[1] == "update" && len(flags) == 0:
			return intent.Intent{Kind: intent.Update}, true, nil
		}
	case "nix-channel":
		if len(names) == 0 && flags["--update"] && only("--update") {
			return intent.Intent{Kind: intent.Update}, true, nil
		}
	case "nix-store":
		if len(names) == 0 && flags["--gc"] && only("--gc") {
			return intent.Intent{Kind: intent.GC, Collect: true}, true, nil
		}
	}
	if in, nu, ok := nixCommandOther(text, ts[0].w, names, raws, flags); ok {
		if nu != nil {
			return intent.Intent{}, true, nu
		}
		return in, true, nil
	}
	return intent.Intent{}, false, nil
}

// nixCommandOther reads the other Nix commands people type: the ones
// that only read are answered as ask-nix's own reading ("nix search
// nixpkgs firefox", "nixos-rebuild list-generations"); the others are
// not understood, with the request of ask-nix's that comes closest and
// what differs ("nix-env --rollback" rolls back a user's profile, "roll
// back" the system). ok false: none of them.
func nixCommandOther(text, cmd string, names, raws []string, flags map[string]bool) (intent.Intent, *intent.NotUnderstood, bool) {
	one := func(k intent.Kind, ex, hint string) (intent.Intent, *intent.NotUnderstood, bool) {
		return intent.Intent{}, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(k, ex)}, Hint: hint + "; nothing was changed"}, true
	}
	first := ""
	if len(names) > 0 {
		first = names[0]
	}
	switch {
	case cmd == "nixos-rebuild" && rebuildActions[first] && flakeFlag(flags):
		// The flake to build is a setting, not a request's word.
		ex := "apply"
		if first != "switch" {
			ex = "nixos-rebuild " + first
		}
		return one(intent.Apply, ex, flakeHint(ex))
	case cmd == "nixos-rebuild" && first == "list-generations":
		return intent.Intent{Kind: intent.ListGenerations}, nil, true
	case cmd == "nixos-rebuild" && (first == "dry-build" || first == "dry-activate" || first == "dry-run"):
		return one(intent.Apply, "preview the changes", "\"preview the changes\" builds the configuration and lists what switching to it would change, activating nothing")
	case cmd == "nixos-rebuild" && (first == "build-vm" || first == "build-vm-with-bootloader" || first == "repl" || first == "edit"):
		return one(intent.Help, "help", "ask-nix has no "+first+": run `nixos-rebuild "+first+"` yourself")
	case cmd == "nix" && len(names) >= 2 && names[0] == "search":
		// "nix search nixpkgs firefox": what is searched for follows
		// the installable.
		from := 1
		if names[1] == "nixpkgs" || strings.Contains(names[1], "#") || strings.Contains(names[1], ":") {
			from = 2 // the installable searched
		}
		if q := strings.Join(raws[from:], " "); q != "" && !strings.ContainsAny(q, "#:/") {
			return intent.Intent{Kind: intent.Search, Query: q}, nil, true
		}
	case cmd == "nix-env" && flags["--rollback"]:
		return one(intent.Rollback, "roll back", "`nix-env --rollback` rolls back your own profile; ask-nix's \"roll back\" returns the whole system to its previous generation")
	case cmd == "nix-env" && flags["--list-generations"]:
		return one(intent.ListGenerations, "list generations", "`nix-env --list-generations` lists your own profile's; ask-nix lists the system's")
	case cmd == "nix-env" && (flags["-q"] || flags["--query"]) && len(names) == 0, cmd == "nix" && len(names) == 2 && names[0] == "profile" && names[1] == "list":
		return one(intent.ListInstalled, "list installed", "that lists your own profile's packages; ask-nix lists the system's it installed")
	case cmd == "nix-store" && flags["--optimise"], cmd == "nix" && len(names) == 2 && names[0] == "store" && names[1] == "optimise":
		return one(intent.SetOption, "enable store optimisation", "deduplicating the store is a command: run `sudo nix-store --optimise` yourself; \"enable store optimisation\" runs it on a timer")
	case cmd == "nix-channel" && flags["--add"], cmd == "nix-channel" && flags["--remove"]:
		return one(intent.Update, "update my system", "ask-nix does not add or switch channels or flake inputs: run nix-channel yourself (as root); \"update my system\" updates the ones you have")
	case cmd == "nix-channel" && flags["--list"]:
		return one(intent.SystemInfo, "show system info", "run `nix-channel --list` yourself (as root, for the system's); ask-nix's system info names the configuration's source")
	case cmd == "nix" && len(names) >= 2 && names[0] == "flake" && names[1] == "lock":
		return one(intent.Update, "update my system", "ask-nix updates the inputs of the flake the system setting names: every input (\"update my system\"), or one (\"update nixpkgs\", ask-nix update <input>); the flake is a setting, not a word of the request")
	}
	return intent.Intent{}, nil, false
}

// channelless is each name without the channel or flake it was taken
// from ("nixos.firefox", "nixpkgs#htop"): the system's own nixpkgs is
// where ask-nix installs from. Sorted and canonical, as the install rule
// writes them.
func channelless(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if strings.HasSuffix(n, "#") || strings.HasSuffix(n, ".") {
			return nil // "nixpkgs#": no name; the caller gives up
		}
		if _, after, ok := strings.Cut(n, "#"); ok {
			n = after
		} else if first, rest, ok := strings.Cut(n, "."); ok && (first == "nixos" || first == "nixpkgs") {
			n = rest
		}
		out = append(out, canonPackage(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// collectGarbageCommand reads nix-collect-garbage's flags: -d (every old
// generation, then the garbage; the current and booted ones stay, as
// ask-nix always keeps them) or --delete-older-than 30d. Other flags are
// not guessed at.
func collectGarbageCommand(args []token) (intent.Intent, bool, error) {
	in := intent.Intent{Kind: intent.GC, Collect: true}
	for i := 0; i < len(args); i++ {
		switch t := args[i]; {
		case t.quoted:
			return intent.Intent{}, false, nil
		case (t.w == "-d" || t.w == "--delete-old") && in.Keep == 0 && in.OlderThan == "":
			in.Keep = 1
		case t.w == "--delete-older-than" && i+1 < len(args) && in.Keep == 0 && in.OlderThan == "":
			a, n, ok := age(args[i+1:])
			if !ok || n != 1 {
				return intent.Intent{}, false, nil
			}
			in.OlderThan = a
			i++
		default:
			return intent.Intent{}, false, nil
		}
	}
	return in, true, nil
}

// nhCommand reads the commands of nh, the NixOS helper: "nh os switch"
// (and boot, test, build) is apply with that action, "nh clean all
// --keep 5 --keep-since 4d" gc with collection (nh keeps one generation
// unless told otherwise), "nh search firefox" search. Other subcommands
// and flags are not guessed at.
func nhCommand(text string, args []token) (intent.Intent, bool, error) {
	for _, t := range args {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case len(args) == 2 && args[0].w == "os":
		switch args[1].w {
		case "switch":
			return intent.Intent{Kind: intent.Apply}, true, nil
		case "boot", "test", "build":
			return intent.Intent{Kind: intent.Apply, Action: args[1].w}, true, nil
		}
	case len(args) == 3 && args[0].w == "os" && args[1].w == "switch" && (args[2].w == "--update" || args[2].w == "-u"):
		// Update the flake's inputs, then switch: what update does.
		return intent.Intent{Kind: intent.Update}, true, nil
	case len(args) > 2 && args[0].w == "os" && rebuildActions[args[1].w]:
		// A flake, a host (-H) or other flags: the flake is a setting.
		ex := "apply"
		if args[1].w != "switch" {
			ex = "nh os " + args[1].w
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Apply, ex)},
			Hint: flakeHint(ex) + "; nothing was changed"}
	case len(args) >= 2 && args[0].w == "clean" && args[1].w == "all":
		in := intent.Intent{Kind: intent.GC, Keep: 1, Collect: true}
		for i := 2; i < len(args); i++ {
			if i+1 >= len(args) {
				return intent.Intent{}, false, nil
			}
			switch args[i].w {
			case "--keep", "-k":
				n, ok := number(args[i+1])
				if !ok || n < 1 || n > 1<<31 {
					return intent.Intent{}, false, nil
				}
				in.Keep = int(n)
			case "--keep-since", "-K":
				a, n, ok := age(args[i+1:])
				if !ok || n != 1 {
					return intent.Intent{}, false, nil
				}
				in.OlderThan = a
			default:
				return intent.Intent{}, false, nil
			}
			i++
		}
		return in, true, nil
	case len(args) >= 2 && args[0].w == "search":
		words := make([]string, 0, len(args)-1)
		for _, t := range args[1:] {
			if strings.HasPrefix(t.w, "-") {
				return intent.Intent{}, false, nil
			}
			words = append(words, t.raw)
		}
		return intent.Intent{Kind: intent.Search, Query: strings.Join(words, " ")}, true, nil
	}
	return intent.Intent{}, false, nil
}

// rebuildActions are the nixos-rebuild (and nh os) actions ask-nix's
// apply carries out.
var rebuildActions map[string]bool

// flakeFlag reports whether the flags name a flake (--flake REF or
// --flake=REF).
func flakeFlag(flags map[string]bool) bool {
	for f := range flags {
		if f == "--flake" || strings.HasPrefix(f, "--flake=") {
			return true
		}
	}
	return false
}

// flakeHint says why a flake named in a request is not taken, and what
// to do instead; ex is the request that carries out the rest.
func flakeHint(ex string) string {
	return "ask-nix builds the configuration its system setting names (ask-nix config shows what it builds) and takes no flake or host from a request: set the system setting once (NIX_HUMANITY_SYSTEM=/etc/nixos#<host>, --system, or the module's system option), then ask \"" + ex + "\""
}

// loadNixcommandsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadNixcommandsTables() {
	rebuildActions = map[string]bool{"switch": true, "boot": true, "test": true, "build": true}
}
