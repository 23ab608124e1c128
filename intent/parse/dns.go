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
// addresses: what "use google dns" adds. IPv6 ones are not added
// unasked: on a network without IPv6 each lookup would wait on them.
var dnsProviders map[string][]string

// dnsProvidersV6 are the same resolvers' IPv6 addresses, which
// taking a provider out ("stop using google dns") takes out too, so
// none of its servers is left behind.
var dnsProvidersV6 map[string][]string

// dnsWords name DNS; dnsVerbs start a request about it; dnsVocab are
// the other words of these requests.
var dnsWords, dnsVerbs, dnsVocab, onlyWords map[string]bool

// dnsStopLead open a request to stop using servers.
var dnsStopLead []phrase

// dnsStopFirst are the first words of dnsStopLead, checked before it.
var dnsStopFirst map[string]bool

// ruleDNS: "use 1.1.1.1 as dns server", "set dns to 9.9.9.9", "use
// cloudflare dns", "remove dns server 8.8.8.8". DNS servers are
// networking.nameservers, a list: "add", "use" and "also use" add the
// servers said (the diff shows any the fragment lists already); "set",
// "change", "switch" and "only" make them the fragment's whole list
// (one edit that unsets the list and adds them: a list is never set
// whole); "use google dns instead of cloudflare" takes out the ones after
// "instead of" and adds the others; "remove", "stop using", "don't use"
// and "no longer use" take them out (a provider's IPv6 servers too). A
// question is no request.
func ruleDNS(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	if dnsReset(ts) {
		// "reset dns", "remove all dns servers": the fragment's list
		// taken out, so the network's (DHCP's) servers are used again.
		return intent.Intent{Kind: intent.SetOption, Option: nameservers, Change: intent.ChangeUnset}, true, nil
	}
	replace, stop := false, false
	lead := 0
	for lead < len(ts) && !ts[lead].quoted && onlyWords[ts[lead].w] {
		lead++ // "only use 1.1.1.1 for dns"
		replace = true
	}
	// "stop using google dns", "don't use 8.8.8.8 as dns", "no longer
	// use cloudflare dns": a removal, said with the verb that adds.
	if lead < len(ts) && dnsStopFirst[ts[lead].w] && !replace {
		n := prefix(ts[lead:], dnsStopLead)
		if n == 0 || lead+n >= len(ts) {
			return intent.Intent{}, false, nil
		}
		lead += n
		stop = true
		if ts[lead].quoted || ts[lead].lem != "use" && ts[lead].w != "using" {
			return intent.Intent{}, false, nil
		}
	} else if lead == len(ts) || ts[lead].quoted || !dnsVerbs[ts[lead].lem] {
		return intent.Intent{}, false, nil
	}
	switch ts[lead].lem {
	case "set", "change", "switch", "configure":
		replace = true
	}
	dns, remove := false, false
	odd := "" // a word this rule does not read
	var servers, dropped []any
	// Named by provider, for their IPv6 servers.
	var providers, droppedProviders []string
	instead := false // the servers said now are the ones to take out
	add := func(s string) {
		list := &servers
		if instead {
			list = &dropped
		}
		if !slices.Contains(*list, any(s)) {
			*list = append(*list, s)
		}
	}
	start := lead
	if stop {
		start++ // "use"
	}
	for i, t := range ts[start:] {
		i += start
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case i > start && joiner(ts[i-1].w) && (dnsVerbs[t.lem] || prefix(ts[i:], dnsStopLead) > 0):
			// "remove google dns and use cloudflare": two requests, each
			// read on its own, never one change of all the servers said.
			return dnsClauses(text, ts, i)
		case dnsWords[t.w]:
			dns = true
		case dnsProviders[t.w] != nil:
			for _, s := range dnsProviders[t.w] {
				add(s)
			}
			if instead {
				droppedProviders = append(droppedProviders, t.w)
			} else {
				providers = append(providers, t.w)
			}
		case isAddr(t.raw):
			add(t.raw)
		case t.lem == "remove" || t.lem == "delete" || t.w == "drop":
			remove = true
		case t.w == "instead" && i+1 < len(ts) && ts[i+1].w == "of" && !instead:
			instead = true
		case t.w == "of" && i > 0 && ts[i-1].w == "instead":
		case onlyWords[t.w]:
			replace = true
		case dnsVerbs[t.lem] || dnsVocab[t.w] || stopwords[t.lem]:
		case odd == "":
			odd = t.raw
		}
	}
	overlap := slices.ContainsFunc(dropped, func(s any) bool { return slices.Contains(servers, s) })
	switch {
	case !dns:
		return intent.Intent{}, false, nil
	case odd != "" || len(servers) == 0 || instead && (len(dropped) == 0 || remove || stop || overlap) || stop && (remove || replace):
		// "set dns to 999.1.1.1", "use google instead of google": said
		// how it is done, not guessed.
		nu := notUnderstoodWith(text, sug(intent.SetOption, "use 1.1.1.1 as dns server"), sug(intent.SetOption, "set dns to 1.1.1.1"), sug(intent.SetOption, "remove dns server 8.8.8.8")).(*intent.NotUnderstood)
		nu.Hint = "ask-nix adds DNS servers (networking.nameservers), sets the list to the ones said (\"set dns to ...\"), replaces some (\"use google dns instead of cloudflare\") or removes them, by IP address or by provider (cloudflare, google, quad9, opendns, adguard); nothing was changed"
		if odd != "" && strings.Trim(odd, "0123456789.:abcdefABCDEF") == "" && strings.ContainsAny(odd, ".:") {
			nu.Hint = fmt.Sprintf("%s is not an IP address; %s", odd, nu.Hint)
		}
		return intent.Intent{}, true, nu
	}
	in := intent.Intent{Kind: intent.SetOption, Option: nameservers, Value: serverList(servers), Change: intent.ChangeAdd}
	switch {
	case remove || stop:
		in.Change = intent.ChangeRemove
		for _, p := range providers {
			for _, s := range dnsProvidersV6[p] {
				add(s)
			}
		}
		in.Value = serverList(servers)
	case instead:
		// The ones said after "instead of" go, the others come, in one
		// edit; any other server listed stays.
		for _, p := range droppedProviders {
			for _, s := range dnsProvidersV6[p] {
				add(s) // instead is still true: into dropped
			}
		}
		out := intent.Intent{Kind: intent.SetOption, Option: nameservers, Value: serverList(dropped), Change: intent.ChangeRemove}
		return intent.Join([]intent.Intent{out, in}), true, nil
	case replace:
		// The whole list is the servers said: what the fragment listed
		// goes, in the same edit.
		clear := intent.Intent{Kind: intent.SetOption, Option: nameservers, Change: intent.ChangeUnset}
		return intent.Join([]intent.Intent{clear, in}), true, nil
	}
	return in, true, nil
}

// dnsClauses reads ts as two DNS requests, the second starting at k
// after a joiner: "remove google dns and use cloudflare", "stop using
// 8.8.8.8 and add 9.9.9.9 as dns server". The second needs no DNS word
// of its own. When the second is no DNS request ("remove google dns and
// install htop"), the rule does not match, and the text is split into
// requests of any kind (SplitRequests).
func dnsClauses(text string, ts []token, k int) (intent.Intent, bool, error) {
	left := ts[:k]
	for len(left) > 0 && !left[len(left)-1].quoted && joiner(left[len(left)-1].w) {
		left = left[:len(left)-1]
	}
	right := slices.Clip(ts[k:])
	if !slices.ContainsFunc(right, func(t token) bool { return !t.quoted && dnsWords[t.w] }) {
		right = append(right, token{w: "dns", lem: "dns", raw: "dns"})
	}
	second, ok, err := ruleDNS(text, right)
	if !ok || err != nil {
		return intent.Intent{}, false, nil
	}
	first, ok, err := ruleDNS(text, left)
	if !ok || err != nil {
		return first, ok, err
	}
	return intent.Join(append(first.Parts(), second.Parts()...)), true, nil
}

// serverList is the value of a change of DNS servers: in the order said,
// without repeats, and one server alone as itself. Unlike ports, the
// order of networking.nameservers means something: the first is the
// resolver asked first ("set dns to 9.9.9.9 and 1.1.1.1" keeps 9.9.9.9
// first, and "use cloudflare dns" puts 1.1.1.1 before 1.0.0.1).
func serverList(servers []any) any {
	if len(servers) == 1 {
		return servers[0]
	}
	return slices.Clone(servers)
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
	dnsProvidersV6 = map[string][]string{
		"cloudflare": {"2606:4700:4700::1111", "2606:4700:4700::1001"},
		"google":     {"2001:4860:4860::8888", "2001:4860:4860::8844"},
		"quad9":      {"2620:fe::fe", "2620:fe::9"},
		"opendns":    {"2620:119:35::35", "2620:119:53::53"},
		"adguard":    {"2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff"},
	}
	dnsStopLead = phrases("stop", "quit", "do not", "no longer", "do not want to", "i do not want to", "i no longer", "i do not")
	dnsWords = map[string]bool{
		"dns": true, "nameserver": true, "nameservers": true, "name-server": true, "name-servers": true,
		"resolver": true, "resolvers": true,
	}
	dnsVerbs = map[string]bool{"set": true, "use": true, "change": true, "add": true, "remove": true, "delete": true, "drop": true, "configure": true, "make": true, "switch": true}
	onlyWords = map[string]bool{"only": true, "just": true, "exclusively": true, "solely": true}
	dnsVocab = map[string]bool{
		// Not "from": "switch from google dns to cloudflare" names a
		// server to drop, which is not guessed.
		"set": true, "use": true, "change": true, "add": true, "make": true,
		"server": true, "servers": true, "as": true, "to": true, "my": true, "the": true, "and": true,
		"public": true, "primary": true, "secondary": true, "address": true, "addresses": true,
		"please": true, "for": true, "system": true, "configure": true, "want": true, "i": true,
		"with": true, "also": true, "its": true, "anymore": true, "any": true, "more": true, "longer": true,
	}
}

// dnsReset: ts is "reset dns", "unset the dns servers", "clear my
// nameservers", "remove all dns servers": the list set whole back.
func dnsReset(ts []token) bool {
	if len(ts) < 2 || len(ts) > 6 || ts[0].quoted {
		return false
	}
	switch ts[0].w {
	case "reset", "unset", "clear":
	case "remove", "delete", "drop":
		if ts[1].w != "all" {
			return false
		}
	default:
		return false
	}
	dns := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return false
		case t.w == "dns" || t.w == "nameservers" || t.w == "nameserver":
			dns = true
		case t.w == "the" || t.w == "my" || t.w == "all" || t.w == "servers" || t.w == "server" || t.w == "settings" || t.w == "setting" || t.w == "custom" || t.w == "to" || t.w == "default":
		default:
			return false
		}
	}
	return dns
}

// loadDnsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadDnsTables() {
	dnsStopFirst = map[string]bool{"stop": true, "quit": true, "do": true, "no": true, "i": true}
}
