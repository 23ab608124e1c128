package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// addConcept reads "add" (and "put", "include"), a weaker word than
// "install": "add trusted user alice", "add a swap file", "add hello
// substituter", "add vim alias" are sentences about NixOS settings, not
// lists of packages, though some of their words are nixpkgs names
// ("file", "key", "sudo"). When the words after the verb are more than
// one name and one of them names such a setting, the request is not
// understood, with where the setting is (or the request that makes it:
// "add port 8080" is "open port 8080"). One word alone ("add sudo",
// "add cron") is still a package.
func addConcept(text string, ts []token) *intent.NotUnderstood {
	if len(ts) == 2 && !ts[1].quoted && (addVerbs[ts[0].lem] || ts[0].lem == "install" || ts[0].w == "create") && (ts[1].w == "swap" || ts[1].w == "swapfile") {
		// "add swap", "install swap": no package of that name (the
		// index refused it, suggesting swappy).
		for _, c := range addConcepts {
			if c.words["swap"] {
				return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable zram")},
					Hint: strings.TrimSuffix(c.hint, "; nothing was changed") + "; swap compressed in memory is \"enable zram\" (zramSwap.enable); nothing was changed"}
			}
		}
	}
	if len(ts) < 3 || ts[0].quoted || !addVerbs[ts[0].lem] {
		return nil
	}
	words := 0
	hit := -1
	for _, t := range ts[1:] {
		if t.quoted {
			words++
			continue
		}
		if packageFillers[t.w] {
			continue
		}
		words++
		if hit < 0 {
			for i, c := range addConcepts {
				if c.words[t.w] {
					hit = i
					break
				}
			}
		}
	}
	if words < 2 || hit < 0 {
		return nil
	}
	c := addConcepts[hit]
	nu := &intent.NotUnderstood{Request: text, Hint: c.hint}
	if c.instead != "" {
		// "add port 8080": the same words with the verb that does it.
		again := c.instead + " " + joinRaw(ts[1:])
		if in, err := Parse(again); err == nil && in.Kind.Writes() {
			nu.Suggestions = []intent.Suggestion{sug(in.Kind, again)}
		}
	}
	return nu
}

// addVerbs are the weak verbs of adding, which say less than "install".
var addVerbs map[string]bool

// addConcepts name NixOS settings that "add ..." may be about, each with
// where it is set. The first that a request names answers it: "trusted"
// before "user".
var addConcepts []struct {
	words   map[string]bool
	hint    string
	instead string // the verb of the request that does it, if there is one
}

func loadAddConcepts() {
	const unchanged = "; nothing was changed"
	addConcepts = []struct {
		words   map[string]bool
		hint    string
		instead string
	}{
		{set("trusted", "trusted-user", "trusted-users"),
			"a trusted Nix user is nix.settings.trusted-users, which ask-nix does not edit yet: add the name there by hand in configuration.nix (nix.settings.trusted-users = [ \"root\" \"alice\" ];)" + unchanged, ""},
		{set("substituter", "substituters", "cache", "caches", "cachix", "binary-cache"),
			"adding a substituter (binary cache) is not something ask-nix edits yet: set nix.settings.substituters and its key in nix.settings.trusted-public-keys by hand in configuration.nix" + unchanged, ""},
		{set("user", "users", "account", "accounts", "admin", "admins", "administrator", "administrators", "sudoer", "sudoers", "wheel", "group", "groups"),
			"ask-nix does not manage users or groups: declare them by hand in configuration.nix, users.users.<name> (extraGroups = [ \"wheel\" ] makes an admin who may use sudo, [ \"docker\" ] a member of the docker group)" + unchanged, ""},
		{set("alias", "aliases"),
			"shell aliases are environment.shellAliases (environment.shellAliases.ll = \"ls -l\";), which ask-nix does not edit yet: set it by hand in configuration.nix" + unchanged, ""},
		{set("swap", "swapfile", "swapspace", "zram"),
			"a swap file is swapDevices (swapDevices = [ { device = \"/var/lib/swapfile\"; size = 8192; } ]; size in MiB), which ask-nix does not edit yet: set it by hand in configuration.nix" + unchanged, ""},
		{set("key", "keys", "authorized_keys", "pubkey"),
			"keys are no packages: an SSH key that may log in is users.users.<name>.openssh.authorizedKeys.keys, which ask-nix does not edit yet: set it by hand in configuration.nix" + unchanged, ""},
		{set("cron", "cronjob", "cronjobs", "crontab", "job", "jobs", "timer", "timers"),
			"a scheduled job is services.cron.systemCronJobs or a systemd timer (systemd.timers and systemd.services), which ask-nix does not edit yet: set it by hand in configuration.nix" + unchanged, ""},
		{set("variable", "variables", "env", "environment"),
			"environment variables are environment.variables (or environment.sessionVariables), which ask-nix does not edit yet: set them by hand in configuration.nix" + unchanged, ""},
		{set("parameter", "parameters", "param", "params", "cmdline", "boot.kernelparams", "kernelparams"),
			"kernel parameters are boot.kernelParams, a list ask-nix does not edit yet: add them by hand in configuration.nix (boot.kernelParams = [ \"quiet\" ];), then rebuild and reboot" + unchanged, ""},
		{set("port", "ports"),
			"a port is opened in the firewall with \"open port ...\"" + unchanged, "open"},
	}
}

// loadAddconceptsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadAddconceptsTables() {
	addVerbs = map[string]bool{"add": true, "put": true, "include": true}
}
