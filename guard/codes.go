package guard

import "fmt"

// Rejection codes: short, stable names for metrics
// (nix_humanity_guard_rejections_total{reason}) and scripts. The Reason
// beside a code is for people and may be reworded; the codes may not.
const (
	// CodeDangerousPattern: shell or Nix syntax in a request (&&, ;, |,
	// `, $(, ${, redirections, ../).
	CodeDangerousPattern = "dangerous-pattern"
	// CodeControlCharacter: a control character (newline, tab, escape,
	// NUL...) inside a request or a value.
	CodeControlCharacter = "control-character"
	// CodeInvisibleCharacter: an invisible or bidirectional-control
	// Unicode character (zero-width space, right-to-left override, BOM...).
	CodeInvisibleCharacter = "invisible-character"
	// CodeBadEncoding: the request is not valid UTF-8.
	CodeBadEncoding = "bad-encoding"
	// CodeTooLong: a request, name, query or value over its size limit.
	CodeTooLong = "too-long"
	// CodeTooManyPackages: more packages in one request than the limit.
	CodeTooManyPackages = "too-many-packages"
	// CodeBadPackageName: a package name outside the attribute-path
	// grammar, or a name Nix would read as something else.
	CodeBadPackageName = "bad-package-name"
	// CodeUnknownPackage: the package index has no such package.
	CodeUnknownPackage = "unknown-package"
	// CodeBadOption: an option path outside the grammar, or one ask-nix
	// must not set (environment.systemPackages, imports...).
	CodeBadOption = "bad-option"
	// CodeUnknownOption: the NixOS option index has no such option.
	CodeUnknownOption = "unknown-option"
	// CodeBadValue: a value of the wrong type or out of range (port,
	// generation, hostname, time zone, the option's declared type).
	CodeBadValue = "bad-value"
	// CodeUnsupportedType: the option takes values ask-nix does not
	// write (packages, submodules, attribute sets, functions...).
	CodeUnsupportedType = "unsupported-type"
	// CodeDaemonRuns: a one-off activation the running daemon would undo
	// at its next pass.
	CodeDaemonRuns = "daemon-runs"
	// CodeNeedsYes: a deletion with no terminal to ask on and no -y.
	CodeNeedsYes = "needs-yes"
	// CodeStaging: an activation that would change the boot default on a
	// machine in the staging environment, where activations are test
	// only.
	CodeStaging = "staging"
	// CodeContradiction: two parts of one request change the same thing
	// ("enable ssh and disable ssh").
	CodeContradiction = "contradiction"
	// CodeBadIntent: an intent whose fields do not fit its kind (a bug
	// in the caller, or a hand-made intent).
	CodeBadIntent = "bad-intent"
)

// Codes lists every rejection code, so metrics can show each one at 0.
var Codes = []string{
	CodeDangerousPattern, CodeControlCharacter, CodeInvisibleCharacter,
	CodeBadEncoding, CodeTooLong, CodeTooManyPackages, CodeBadPackageName,
	CodeUnknownPackage, CodeBadOption, CodeUnknownOption, CodeBadValue,
	CodeUnsupportedType, CodeDaemonRuns, CodeNeedsYes, CodeStaging,
	CodeContradiction, CodeBadIntent,
}

// Limits. A request is a sentence; these leave room for real ones
// (the longest nixpkgs attribute path is 88 characters).
const (
	MaxRequest  = 1000 // characters in a request
	MaxName     = 100  // characters in a package name
	MaxPackages = 50   // packages in one request
	MaxOption   = 200  // characters in an option path
	MaxQuery    = 200  // characters in a search query
	MaxValue    = 1000 // characters in a string value
	MaxItems    = 64   // items added to or removed from a list at once ("open ports 80 and 443")
)

func reject(code, format string, args ...any) *Rejection {
	return &Rejection{Code: code, Reason: fmt.Sprintf(format, args...)}
}
