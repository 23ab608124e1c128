package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// nvidiaDriver answers "enable nvidia drivers", "install the nvidia
// driver", "use the nvidia driver": NVIDIA's own driver is
// services.xserver.videoDrivers with "nvidia" in it, hardware.graphics
// on, and hardware.nvidia.open, which NixOS makes you choose (its
// assertion stops the build while it is unset, for drivers from 560
// on): the open kernel module for Turing cards (GeForce RTX 20xx and
// GTX 16xx) and newer, the closed one for older cards. Which card it is
// is the person's to say, so only a request that says open or closed is
// carried out; any other is answered with both. The driver is unfree:
// allowing unfree packages stays the person's decision, said in a note.
func nvidiaDriver(text string, ts []token) (intent.Intent, error) {
	if prefix(ts, disableLead) > 0 || prefix(ts, removeLead) > 0 {
		// "disable nvidia", "remove nvidia drivers" were answered with
		// how to turn the driver on.
		return intent.Intent{}, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option services.xserver.videoDrivers")},
			Hint: "NVIDIA's driver runs where services.xserver.videoDrivers lists \"nvidia\" (with hardware.nvidia's settings): taken out of that list, NixOS's default drivers and nouveau, the kernel's open driver for NVIDIA cards, come back; " +
				"where ask-nix wrote it (\"enable the open nvidia driver\"), \"undo\" takes that edit back while it is the last one (`ask-nix history` lists them), else take it out of configuration.nix; \"show option services.xserver.videoDrivers\" shows the list now; nothing was changed"}
	}
	open, closed := false, false
	for i, t := range ts {
		if t.quoted {
			continue
		}
		switch t.w {
		case "open", "open-source", "opensource", "free":
			// "open" first is the verb ("open nvidia settings").
			open = open || i > 0
		case "closed", "closed-source", "closedsource", "nonfree", "non-free", "legacy":
			closed = true
		case "not", "without", "no":
			return intent.Intent{}, nvidiaAnswer(text) // "not the open one"
		}
	}
	if open == closed {
		return intent.Intent{}, nvidiaAnswer(text)
	}
	in := intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "services.xserver.videoDrivers", Value: "nvidia", Change: intent.ChangeAdd},
		{Kind: intent.SetOption, Option: "hardware.graphics.enable", Value: true},
		{Kind: intent.SetOption, Option: "hardware.nvidia.open", Value: open},
	})
	kind := "the open kernel module, for GeForce RTX 20xx and GTX 16xx (Turing) cards and newer"
	if closed {
		kind = "the closed kernel module, for cards older than Turing (GeForce GTX 10xx and before; the newest drivers dropped some of them, which need hardware.nvidia.package set to a legacy driver in configuration.nix)"
	}
	in.Notes = append(in.Notes, "NVIDIA's driver, "+kind+": services.xserver.videoDrivers gets \"nvidia\" (in place of NixOS's default drivers) and hardware.graphics is turned on. "+
		"The driver is unfree: NixOS builds it only when unfree packages are allowed (\"allow unfree packages\", your licence decision, which ask-nix never makes for you). "+
		"A laptop with Intel or AMD graphics beside the NVIDIA card also needs hardware.nvidia.prime (its offload switch and the cards' bus IDs) in configuration.nix; the new driver runs after a reboot")
	return in, nil
}

// nvidiaAnswer: the driver asked for without saying which kernel module.
func nvidiaAnswer(text string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable the open nvidia driver"), sug(intent.SetOption, "enable the closed nvidia driver"), sug(intent.SetOption, "allow unfree packages")},
		Hint: "NVIDIA's driver is three settings: services.xserver.videoDrivers = [ \"nvidia\" ]; hardware.graphics.enable = true; and hardware.nvidia.open, which NixOS makes you choose: " +
			"true (\"enable the open nvidia driver\") for GeForce RTX 20xx and GTX 16xx (Turing) cards and newer, false (\"enable the closed nvidia driver\") for older ones; `lspci | grep -i nvidia` names the card. " +
			"The driver is unfree, built only when unfree packages are allowed (\"allow unfree packages\", your decision); laptops with two graphics chips also need hardware.nvidia.prime in configuration.nix (the NixOS manual's NVIDIA section); nothing was changed"}
}

// NvidiaLicenseOption is the nixpkgs setting that accepts NVIDIA's
// licence for its software: nixpkgs' NVIDIA drivers that have no open
// kernel module (the legacy 470 and 390 series among them) refuse to
// build until it is true.
const NvidiaLicenseOption = "nixpkgs.config.nvidia.acceptLicense"

// ruleNvidiaLicense: "accept the nvidia license", "I agree to NVIDIA's
// licence", "enable nvidia accept license" set
// nixpkgs.config.nvidia.acceptLicense to true; "revoke the nvidia
// license", "don't accept the nvidia license" unset it (false is
// nixpkgs' default, as for unfree packages: see ruleUnfree). Every word
// must be one of the rule's own, so "install nvidia license-tool" goes
// on to the other rules; a question ("is the nvidia license accepted")
// is shown by Parse, as for any setting. Words are matched in a switch,
// no table: the rule costs the requests that are not it nothing to
// build.
func ruleNvidiaLicense(text string, ts []token) (intent.Intent, bool, error) {
	nvidia, license, accept, negations, terms := false, false, false, 0, false
	for _, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch t.w {
		case "nvidia", "nvidia's", "nvidias":
			nvidia = true
		case "license", "licence", "licenses", "licences", "eula", "acceptlicense":
			license = true
		case "accept", "accepts", "accepted", "accepting", "agree", "agreed", "approve", "acknowledge", "allow", "enable", "set":
			accept = true
		case "decline", "reject", "revoke", "withdraw", "unaccept", "disallow", "disable", "not", "no", "never":
			negations++
		case "terms":
			terms = true // a licence's terms ("accept the terms")
		case "the", "to", "i", "a", "of", "for", "its", "my", "s", "'s", "and", "driver", "drivers", "driver's", "graphics", "gpu",
			"conditions", "agreement", "user", "end", "software", "is", "has", "been", "was", "do", "did", "have", "true", "on", "acceptance":
		default:
			return intent.Intent{}, false, nil
		}
	}
	license = license || terms
	switch {
	case license && accept && !nvidia && negations == 0:
		// "accept the license": which one is the person's to say.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "accept the nvidia license"), sug(intent.SetOption, "allow unfree packages")},
			Hint: "nixpkgs asks for a licence to be accepted by a setting of each one's own: NVIDIA's drivers by nixpkgs.config.nvidia.acceptLicense (\"accept the nvidia license\"), the Android SDK's by nixpkgs.config.android_sdk.accept_license (in configuration.nix, which ask-nix does not write); " +
				"Let's Encrypt's terms, for certificates, are security.acme.acceptTerms (\"show option security.acme.acceptTerms\"); " +
				"a package that is only unfree needs \"allow unfree packages\"; the error Nix gives names the setting it wants; nothing was changed"}
	case !nvidia || !license:
		return intent.Intent{}, false, nil
	case negations%2 == 1:
		return intent.Intent{Kind: intent.SetOption, Option: NvidiaLicenseOption, Change: intent.ChangeUnset}, true, nil
	case !accept:
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.SetOption, "accept the nvidia license"), sug(intent.ShowOption, "show option "+NvidiaLicenseOption))
	}
	return intent.Intent{Kind: intent.SetOption, Option: NvidiaLicenseOption, Value: true,
		Notes: []string{NvidiaLicenseNote}}, true, nil
}

// NvidiaLicenseNote is what accepting NVIDIA's licence does.
const NvidiaLicenseNote = "NVIDIA's licence for its software is accepted in nixpkgs.config.nvidia.acceptLicense: nixpkgs' NVIDIA drivers with no open kernel module (the legacy 470 and 390 series among them) build only with it; " +
	"the driver is unfree as well, built only when unfree packages are allowed (\"allow unfree packages\"), which stays your decision"
