// Package intent is the closed set of things a person can ask ask-nix to
// do. intent/parse turns words into an Intent; intent/plan turns an Intent
// into an edit of the fragment.
package intent

// Kind names an intent. The names are a contract (DESIGN.md): scripts read
// them from `ask-nix explain --json`.
type Kind string

// Every intent ask-nix knows.
const (
	Install          Kind = "install"
	Remove           Kind = "remove"
	Search           Kind = "search"
	ListGenerations  Kind = "list-generations"
	Rollback         Kind = "rollback"
	SwitchGeneration Kind = "switch-generation"
	SystemInfo       Kind = "system-info"
	Update           Kind = "update"
	GC               Kind = "gc"
	EnableService    Kind = "enable-service"
	DisableService   Kind = "disable-service"
	SetOption        Kind = "set-option"
	ListInstalled    Kind = "list-installed"
	Undo             Kind = "undo"
	Apply            Kind = "apply"
	Status           Kind = "status"
	Help             Kind = "help"
	// ShowOption answers "is ssh enabled?": what the configuration sets
	// an option to. It writes nothing.
	ShowOption Kind = "show-option"
)

// Kinds lists every intent, in the order DESIGN.md gives them.
var Kinds = []Kind{
	Install, Remove, Search, ListGenerations, Rollback, SwitchGeneration,
	SystemInfo, Update, GC, EnableService, DisableService, SetOption,
	ListInstalled, Undo, Apply, Status, Help, ShowOption,
}

// Writes reports whether carrying out the intent edits the fragment.
func (k Kind) Writes() bool {
	switch k {
	case Install, Remove, EnableService, DisableService, SetOption:
		return true
	}
	return false
}

// Change says how a set-option intent touches a list option: add or
// remove Value as an item ("open port 443"), or as several items ("open
// ports 80 and 443"), instead of replacing it.
type Change string

// List changes for set-option.
const (
	ChangeSet    Change = ""
	ChangeAdd    Change = "add"
	ChangeRemove Change = "remove"
	// ChangeUnset removes the setting, so the NixOS default applies again.
	ChangeUnset Change = "unset"
	// ChangeMerge sets several options under Option in one edit, Value
	// naming them relative to it: {"PasswordAuthentication": false,
	// "KbdInteractiveAuthentication": false} under
	// services.openssh.settings. For settings that only mean what the
	// person asked when set together; the options beside them stay.
	ChangeMerge Change = "merge"
)

// Intent is one parsed request. Only the fields that apply to Kind are
// set; the JSON form is the `ask-nix explain --json` contract.
type Intent struct {
	Kind Kind `json:"intent"`
	// Packages for install and remove, sorted, as attribute paths
	// ("python3Packages.requests").
	Packages []string `json:"packages,omitempty"`
	// Query for search.
	Query string `json:"query,omitempty"`
	// Generation for switch-generation.
	Generation int `json:"generation,omitempty"`
	// Steps for rollback: how many generations back ("go back two
	// generations"); for undo: how many edits ("undo the last 3
	// changes"). 0 is one, as 1 would be.
	Steps int `json:"steps,omitempty"`
	// Boot for rollback and switch-generation: make the generation the
	// boot default only, leaving the running system alone ("reboot into
	// the previous generation"), as `nixos-rebuild boot --rollback` does.
	Boot bool `json:"boot,omitempty"`
	// Forward for rollback: go the other way, to newer generations ("roll
	// forward", "go forward two generations"), Steps of them.
	Forward bool `json:"forward,omitempty"`
	// Latest for switch-generation: the newest generation, whatever its
	// number ("undo the rollback", "switch to the latest generation").
	Latest bool `json:"latest,omitempty"`
	// Before for rollback: go back to the newest generation made before
	// this: "today" (before today began: "roll back to yesterday") or an
	// age as for gc ("3d": "go back to how it was 3 days ago").
	Before string `json:"before,omitempty"`
	// Diff for list-generations: show the packages that changed between
	// two generations, as `ask-nix generations diff` does ("what changed
	// in the last generation"), with Compare the generations named (none:
	// the one before the current one and the current one; one: from it to
	// the current one; two: from the first to the second).
	Diff    bool  `json:"diff,omitempty"`
	Compare []int `json:"compare,omitempty"`
	// Action for apply: the activation for this pass only, as
	// nixos-rebuild's verbs: "boot", "test" or "build" ("test the
	// configuration"); empty is the configured action.
	Action string `json:"action,omitempty"`
	// Inputs for update: update only these flake inputs, by their names
	// in flake.nix ("update nixpkgs", "update the home-manager input"),
	// the others left as they are; none updates every input.
	Inputs []string `json:"inputs,omitempty"`
	// Keep for gc: how many recent generations to keep (0: not given).
	Keep int `json:"keep,omitempty"`
	// OlderThan for gc: delete generations older than this ("30d").
	OlderThan string `json:"olderThan,omitempty"`
	// Collect for gc: then collect garbage in the store ("... and collect
	// garbage").
	Collect bool `json:"collect,omitempty"`
	// Option is the full NixOS option path for enable-service,
	// disable-service and set-option.
	Option string `json:"option,omitempty"`
	// Value for set-option: bool, int64 or string. With change add or
	// remove it may instead be several items at once, as []any of those
	// ("open ports 80 and 443": []any{int64(80), int64(443)}, in JSON
	// "value":[80,443]), sorted ascending without repeats as the parser
	// writes them, except where the order means something (DNS servers,
	// networking.nameservers: the first is asked first), which keep the
	// order said; a single item is always the scalar itself, never a
	// list of one. A port range, one item of
	// networking.firewall.allowedTCPPortRanges or allowedUDPPortRanges, is
	// map[string]any{"from": int64(1714), "to": int64(1764)} (in JSON
	// "value":{"from":1714,"to":1764}): exactly those two keys, one range
	// per intent. With change merge, Value is map[string]any of option
	// names under Option (one attribute each) to scalar values.
	Value any `json:"value,omitempty"`
	// Change for set-option on a list option.
	Change Change `json:"change,omitempty"`
	// Service is the word the user said for enable/disable-service.
	Service string `json:"service,omitempty"`
	// And holds the requests said after this one in the same words
	// ("install firefox and enable ssh"), each an edit of the fragment:
	// all of them are carried out as one edit.
	And []Intent `json:"and,omitempty"`
	// Notes say what the reading took for granted that the words did not
	// ("the port is opened as TCP: nothing says which protocol foo
	// uses"), for the person to read beside the plan or the explanation.
	// They are no part of the JSON contract.
	Notes []string `json:"-"`
	// AboutReboot: a status question asks whether a reboot is needed ("do
	// I need to reboot"), which the answer then says first. No part of
	// the JSON contract either.
	AboutReboot bool `json:"-"`
	// AboutBootDefault: a list-generations question asks which
	// generation the machine boots by default ("what is the default boot
	// entry"), which the answer then names under the list. No part of
	// the JSON contract.
	AboutBootDefault bool `json:"-"`
}

// Parts is in and the requests said with it (And), each on its own.
func (in Intent) Parts() []Intent {
	first := in
	first.And = nil
	return append([]Intent{first}, in.And...)
}

// Join is the inverse of Parts: the first intent, with the others as And
// (none when it stands alone).
func Join(parts []Intent) Intent {
	first := parts[0]
	first.And = nil
	if len(parts) > 1 {
		first.And = parts[1:]
	}
	return first
}

// Edits is Parts without what does not edit the fragment (an apply
// said after the edits: "install htop and rebuild").
func (in Intent) Edits() []Intent {
	var out []Intent
	for _, p := range in.Parts() {
		if p.Kind.Writes() {
			out = append(out, p)
		}
	}
	return out
}

// AppliesAfter reports whether in asks for a reconcile pass once its
// edits are written ("install htop and rebuild").
func (in Intent) AppliesAfter() bool {
	for _, a := range in.And {
		if a.Kind == Apply {
			return true
		}
	}
	return false
}

// ApplyAction is the action of the apply said after the edits ("install
// htop and test it": test); "" when none was said.
func (in Intent) ApplyAction() string {
	for _, a := range in.And {
		if a.Kind == Apply {
			return a.Action
		}
	}
	return ""
}

// KindLabel names the edit in makes: its kind, or the kinds of its
// edits joined by "+" ("install+enable-service").
func (in Intent) KindLabel() string {
	var s string
	for i, p := range in.Edits() {
		if i > 0 {
			s += "+"
		}
		s += string(p.Kind)
	}
	return s
}
