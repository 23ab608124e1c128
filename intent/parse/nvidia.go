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
