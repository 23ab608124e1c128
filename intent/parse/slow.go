package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// slowness answers the machine, its builds or its battery reported slow
// or short: "my computer is slow", "why is nixos-rebuild so slow", "the
// battery drains fast", "make my laptop faster", "the fan is loud". They
// suggested "is ssh enabled" or "install firefox". Nothing is written: a
// slow machine is seen while it runs. nil when ts is no such report.
func slowness(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || len(ts) > 10 {
		return nil
	}
	slow, build, battery, boot, fan := false, false, false, false, false
	for _, t := range ts {
		switch {
		case t.quoted:
			return nil
		case t.w == "slow" || t.w == "slower" || t.w == "sluggish" || t.w == "laggy" || t.w == "lags" || t.w == "lagging" || t.w == "faster" ||
			t.w == "speed" || t.w == "hot" || t.w == "loud" || t.w == "noisy" || t.w == "drains" || t.w == "drain" || t.w == "draining" || t.w == "dies":
			slow = true
		case t.w == "nixos-rebuild" || t.w == "rebuild" || t.w == "rebuilds" || t.w == "builds" || t.w == "build" || t.w == "building" || t.w == "compiling" || t.w == "compiles":
			build = true
		case t.w == "battery":
			battery = true
		case t.w == "boot" || t.w == "booting" || t.w == "startup":
			boot = true
		case t.w == "fan" || t.w == "fans":
			fan = true
		case troubleVetoes[t.lem] || t.w == "roll" || t.w == "rollback" || t.w == "undo":
			return nil // "install a faster terminal", "roll back, it is slow"
		}
	}
	machine := has(ts, "system", "computer", "laptop", "pc", "machine", "nixos", "it", "everything", "desktop")
	switch {
	case !slow:
		return nil
	case build:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set max-jobs to auto")},
			Hint: "a rebuild is slow when it builds from source what the binary cache (cache.nixos.org) does not have: packages with overrides, unfree ones, or a nixpkgs newer than the cache; `nixos-rebuild build` says which it builds, and \"set max-jobs to auto\" builds as many at once as there are CPUs; " +
				"evaluating the configuration takes its time too, once per rebuild; nothing was changed"}
	case battery:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable power-profiles-daemon"), sug(intent.EnableService, "enable tlp"), sug(intent.SetOption, "set the cpu governor to powersave")},
			Hint:        "NixOS saves power with one of power-profiles-daemon (what GNOME and KDE use, with a switch in their menus) or TLP (tuned by its settings), never both at once; `powertop` (\"install powertop\") shows what draws power while it runs; nothing was changed"}
	case boot && !fan:
		return nil // "why is my boot slow", "speed up boot": guidance's answer, with systemd-analyze
	case machine || fan:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install htop"), sug(intent.EnableService, "enable zram")},
			Hint: "a slow or busy machine is seen while it runs: `htop` (\"install htop\") shows what takes the CPU and the memory, and a machine out of memory slows down swapping (\"enable zram\" compresses it in memory); " +
				"if it became slow with an update or a change, \"roll back\" tries the generation before; `journalctl -b -p err` shows this boot's errors; nothing was changed"}
	}
	return nil
}
