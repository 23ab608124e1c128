package parse

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

const nameservers = "networking.nameservers"

// dnsProviders are the public resolvers people name, with their IPv4
// addresses.
var dnsProviders map[string][]string

// dnsWords name DNS; dnsVerbs start a request about it; dnsVocab are
// the other words of these requests.
var dnsWords, dnsVerbs, dnsVocab map[string]bool

// ruleDNS: "use 1.1.1.1 as dns server", "set dns to 9.9.9.9", "use
// cloudflare dns", "remove dns server 8.8.8.8". DNS servers are
// networking.nameservers, a list ask-nix adds to and takes from: a
// server said is added (the diff shows any the fragment lists already),
// and removed when the verb removes. A question is no request.
func ruleDNS(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) || ts[0].quoted || !dnsVerbs[ts[0].lem] {
		return intent.Intent{}, false, nil
	}
	dns, remove := false, false
	odd := "" // a word this rule does not read
	var servers []any
	add := func(s string) {
		if !slices.Contains(servers, any(s)) {
			servers = append(servers, s)
		}
	}
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case dnsWords[t.w]:
			dns = true
		case dnsProviders[t.w] != nil:
			for _, s := range dnsProviders[t.w] {
				add(s)
			}
		case isAddr(t.raw):
			add(t.raw)
		case t.lem == "remove" || t.lem == "delete" || t.w == "drop":
			remove = true
		case dnsVerbs[t.lem] || dnsVocab[t.w] || stopwords[t.lem]:
		case odd == "":
			odd = t.raw
		}
	}
	switch {
	case !dns:
		return intent.Intent{}, false, nil
	case odd != "" || len(servers) == 0:
		// "use cloudflare dns instead of google", "set dns to 999.1.1.1":
		// said how it is done, not guessed.
		nu := notUnderstoodWith(text, sug(intent.SetOption, "use 1.1.1.1 as dns server"), sug(intent.SetOption, "remove dns server 8.8.8.8")).(*intent.NotUnderstood)
		nu.Hint = "ask-nix adds and removes DNS servers (networking.nameservers) one request at a time, by IP address or by provider (cloudflare, google, quad9, opendns, adguard)"
		if odd != "" && strings.Trim(odd, "0123456789.:abcdefABCDEF") == "" && strings.ContainsAny(odd, ".:") {
			nu.Hint = fmt.Sprintf("%s is not an IP address; %s", odd, nu.Hint)
		}
		return intent.Intent{}, true, nu
	}
	change := intent.ChangeAdd
	if remove {
		change = intent.ChangeRemove
	}
	// Sorted, as every list value of an intent is (DESIGN.md).
	slices.SortFunc(servers, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	var value any = servers
	if len(servers) == 1 {
		value = servers[0]
	}
	return intent.Intent{Kind: intent.SetOption, Option: nameservers, Value: value, Change: change}, true, nil
}

// isAddr reports whether s is an IP address, without a zone.
func isAddr(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Zone() == ""
}

// loadDNS builds this file's tables (see tablesOnce).
func loadDNS() {
	dnsProviders = map[string][]string{
		"cloudflare": {"1.1.1.1", "1.0.0.1"},
		"google":     {"8.8.8.8", "8.8.4.4"},
		"quad9":      {"9.9.9.9", "149.112.112.112"},
		"opendns":    {"208.67.222.222", "208.67.220.220"},
		"adguard":    {"94.140.14.14", "94.140.15.15"},
	}
	dnsWords = map[string]bool{
		"dns": true, "nameserver": true, "nameservers": true, "name-server": true, "name-servers": true,
		"resolver": true, "resolvers": true,
	}
	dnsVerbs = map[string]bool{"set": true, "use": true, "change": true, "add": true, "remove": true, "delete": true, "drop": true, "configure": true, "make": true, "switch": true}
	dnsVocab = map[string]bool{
		// Not "instead of" or "from": "use cloudflare dns instead of
		// google" names a server to drop, which is not guessed.
		"set": true, "use": true, "change": true, "add": true, "make": true,
		"server": true, "servers": true, "as": true, "to": true, "my": true, "the": true, "and": true,
		"public": true, "primary": true, "secondary": true, "address": true, "addresses": true,
		"please": true, "for": true, "system": true, "configure": true, "want": true, "i": true,
		"with": true, "also": true, "its": true,
	}
}
