package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// emulatedArch are the words for a CPU architecture, with the system
// name boot.binfmt.emulatedSystems takes for it.
var emulatedArch map[string]string

// ruleEmulation: "enable emulation of aarch64", "emulate arm64",
// "enable binfmt for aarch64", "stop emulating riscv64": other CPUs'
// programs run (and built) through QEMU, which NixOS sets up from
// boot.binfmt.emulatedSystems, a list of system names. "arm" alone is
// two architectures, asked; no architecture said is answered with the
// option. They were "enable binfmt" suggested, which is no request.
func ruleEmulation(text string, ts []token) (intent.Intent, bool, error) {
	said, off, arm := false, false, false
	var systems []any
	for i, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch {
		case t.w == "emulate" || t.w == "emulating" || t.w == "emulation" || t.w == "emulated" || t.w == "binfmt" || t.w == "binfmt_misc":
			said = true
		case emulatedArch[t.w] != "":
			s := emulatedArch[t.w]
			dup := false
			for _, v := range systems {
				dup = dup || v == s
			}
			if !dup {
				systems = append(systems, s)
			}
		case t.w == "arm" || t.w == "armv8l" || t.w == "arm32":
			arm = true
		case (t.w == "disable" || t.w == "remove" || t.w == "stop" || t.w == "no" || t.w == "uninstall" || t.w == "deactivate") && i == 0,
			t.w == "off" && i == 1 && ts[0].w == "turn":
			off = true
		case t.w == "not" || t.w == "without":
			return intent.Intent{}, false, nil
		}
	}
	if !said || len(systems) == 0 && !arm && !has(ts, "binfmt", "binfmt_misc", "qemu") {
		// "emulate windows", "use an emulator": no CPU's binfmt
		return intent.Intent{}, false, nil
	}
	if arm || len(systems) == 0 {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable emulation of aarch64"), sug(intent.SetOption, "enable emulation of armv7l")},
			Hint:        "other CPUs' programs run and build here through QEMU, set up from boot.binfmt.emulatedSystems, a list of system names: aarch64-linux (64-bit ARM: arm64, a Raspberry Pi 3 or newer with a 64-bit system), armv7l-linux (32-bit ARM), riscv64-linux and others; say which; nothing was changed"}
	}
	in := intent.Intent{Kind: intent.SetOption, Option: "boot.binfmt.emulatedSystems", Value: systems[0], Change: intent.ChangeAdd}
	if len(systems) > 1 {
		in.Value = systems
	}
	if off {
		in.Change = intent.ChangeRemove
		return in, true, nil
	}
	in.Notes = []string{"this machine then runs programs built for " + systems[0].(string) + " through QEMU, much slower than natively, and Nix builds for it too (`nix build --system " + systems[0].(string) + "`, or a flake's output for that system)"}
	return in, true, nil
}

// loadEmulationTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadEmulationTables() {
	emulatedArch = map[string]string{
		"aarch64": "aarch64-linux", "arm64": "aarch64-linux", "aarch64-linux": "aarch64-linux", "armv8": "aarch64-linux",
		"armv7": "armv7l-linux", "armv7l": "armv7l-linux", "armhf": "armv7l-linux", "armv7l-linux": "armv7l-linux",
		"armv6": "armv6l-linux", "armv6l": "armv6l-linux", "armv6l-linux": "armv6l-linux",
		"riscv64": "riscv64-linux", "riscv": "riscv64-linux", "risc-v": "riscv64-linux", "riscv64-linux": "riscv64-linux",
		"x86_64": "x86_64-linux", "amd64": "x86_64-linux", "x86-64": "x86_64-linux", "x86_64-linux": "x86_64-linux",
		"i686": "i686-linux", "i386": "i686-linux", "i686-linux": "i686-linux",
		"ppc64le": "powerpc64le-linux", "powerpc64le": "powerpc64le-linux", "s390x": "s390x-linux",
	}
}
