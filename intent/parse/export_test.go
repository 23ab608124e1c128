package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// GlueWords are the word sets read as sentence glue or as "every
// package" inside a package list, for the test that holds them to the
// nixpkgs attribute list.
func GlueWords() map[string]map[string]bool {
	loadTables()
	return map[string]map[string]bool{"notPackages": notPackages, "wholeSetWords": wholeSetWords, "categoryWords": categoryWords, "clauseVerbs": clauseVerbs, "sshServerWords": sshServerWords, "genericNouns": genericNouns, "whenWords": whenWords, "foreignPolite": phraseWords(foreignPlease, foreignThanks), "foreignVerbs": foreignVerbWords(), "bareContractions": bareContractionWords()}
}

func phraseWords(pss ...[]phrase) map[string]bool {
	m := map[string]bool{}
	for _, ps := range pss {
		for _, p := range ps {
			for _, w := range p {
				m[w] = true
			}
		}
	}
	return m
}

// ReadingWords are the words of the reader's other tables a real name
// said in a list may meet or be (the schedule, gc and filler words):
// TestNixpkgsNamesInLists says every name holding one in lists.
func ReadingWords() map[string]bool {
	loadTables()
	m := map[string]bool{}
	for _, t := range []map[string]bool{stopwords, packageFillers, gcVocab, autoWords, scheduleGCWords, scheduleFillers, whichOfKind, featureWords, genericNouns} {
		for w := range t {
			m[w] = true
		}
	}
	for _, t := range []map[string]string{periodWords, kernelFlavours} {
		for w := range t {
			m[w] = true
		}
	}
	return m
}

// CountryZones are the zones the time zone tables give countries.
func CountryZones() []string {
	loadTables()
	var zs []string
	for _, z := range countryZones {
		zs = append(zs, z)
	}
	for _, c := range countryChoices {
		for _, z := range c.zones {
			name, _, _ := strings.Cut(z, " ")
			zs = append(zs, name)
		}
	}
	return zs
}

// PortSwitches are the module switches that open a service's ports, as
// option paths.
func PortSwitches() []string {
	loadTables()
	var out []string
	for m, sw := range portSwitches {
		out = append(out, m+"."+sw)
	}
	return out
}

// WifiNote is said when Wi-Fi is turned on.
const WifiNote = wifiNote

// SSHPortNote is said when TCP port 22 is closed.
const SSHPortNote = sshPortNote

func foreignVerbWords() map[string]bool {
	m := map[string]bool{}
	for w := range foreignVerbs {
		m[w] = true
	}
	return m
}

func bareContractionWords() map[string]bool {
	m := map[string]bool{}
	for w := range bareContractions {
		if w == "pls" {
			continue // the package, where it is one (plsNamed)
		}
		m[w] = true
	}
	return m
}

// DistroInstead are the requests offered for other distributions'
// package names.
func DistroInstead() map[string]string {
	loadTables()
	m := map[string]string{}
	for name, d := range distroNames {
		m[name] = d.instead
	}
	return m
}

// Words are the request's words as the reader cuts them: each as typed
// (raw) and lower-cased.
func Words(text string) (raw, lower []string) {
	loadTables()
	for _, t := range tokenize(text) {
		raw, lower = append(raw, t.raw), append(lower, t.w)
	}
	return raw, lower
}

// ForwardingNote is the note "enable ip forwarding" (v 4) or "enable
// ipv6 forwarding" (v 6) gives, turned on or off.
func ForwardingNote(v int, on bool) string {
	sc := ipv4Forwarding
	if v == 6 {
		sc = ipv6Forwarding
	}
	if on {
		return sc.onNote
	}
	return sc.offNote
}

// GraphicsNote is the note the phrasing table's graphics requests carry.
const GraphicsNote = graphicsNote

// AskedServiceWords are the keys of serviceAsked whose answer suggests
// a change (not only a look), for the test that turns each off.
func AskedServiceWords() []string {
	loadTables()
	var out []string
	for k, a := range serviceAsked {
		for _, s := range a.ss {
			if s.Kind != intent.ShowOption {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// OtherSwitches is otherSwitches, for the test that holds it to the
// real NixOS options.
func OtherSwitches() []string { return otherSwitches }

// ResolvesToEdit is resolvesToEdit: an answer the command line turns
// into an edit with what it knows.
func ResolvesToEdit(err error) bool { return resolvesToEdit(err) }
