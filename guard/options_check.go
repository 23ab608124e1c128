package guard

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard/timezone"
	"github.com/nix-humanity/nix-humanity/guard/username"
	"github.com/nix-humanity/nix-humanity/guard/xkb"
	"github.com/nix-humanity/nix-humanity/intent"
)

// knownTypes are the declared types (as in NixOS's options.json) of the
// options ask-nix's own phrasings set, so their values are type-checked
// even with no option index. TestKnownTypesMatchNixOS keeps them true to
// the real options data.
var knownTypes = map[string]string{
	"nixpkgs.config.allowUnfree":             "boolean", // see freeformMembers
	"nixpkgs.config.nvidia.acceptLicense":    "boolean", // see freeformMembers
	"time.timeZone":                          "null or string without spaces",
	"networking.hostName":                    "string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$",
	"i18n.defaultLocale":                     "string",
	"services.xserver.xkb.layout":            "string",
	"services.xserver.xkb.variant":           "string",
	"services.xserver.xkb.options":           "strings concatenated with \",\"",
	"console.keyMap":                         "string or path",
	"services.displayManager.autoLogin.user": "null or string",
	"networking.nameservers":                 "list of string",
	"nix.optimise.dates":                     "list of string",
	"networking.firewall.allowedTCPPorts":    "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
	"networking.firewall.allowedUDPPorts":    "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
	// Port ranges: lists of { from = 1714; to = 1764; }.
	"networking.firewall.allowedTCPPortRanges": "list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
	"networking.firewall.allowedUDPPortRanges": "list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)",
}

// The packages list has its own intents; setting it as an option would
// replace every installed package.
const systemPackages = "environment.systemPackages"

func checkService(in intent.Intent, cat Catalog) *Rejection {
	if r := checkOptionAndService(in); r != nil {
		return r
	}
	if !strings.HasSuffix(in.Option, ".enable") {
		return reject(CodeBadOption, "%s is not an enable option (it should end in .enable)", in.Option)
	}
	if cat == nil {
		return nil
	}
	typ, found := cat.Option(in.Option)
	if !found {
		return unknownOption(cat, in.Option)
	}
	if typ == "" {
		return nil // a catalog without options: the form is all there is to check
	}
	if r := checkValue(typ, in.Kind == intent.EnableService); r != nil {
		r.Reason = "cannot " + strings.TrimSuffix(string(in.Kind), "-service") + " " + in.Option + ": " + r.Reason
		return r
	}
	return nil
}

// checkShownOption checks a question about an option ("is ssh
// enabled?"): its path, the service word, and that the index (when
// there is one) knows the option. Its type does not matter: nothing is
// written. A value is an item asked about, which only the firewall's
// port lists take ("is port 80 open?"): a port number.
func checkShownOption(in intent.Intent, cat Catalog) *Rejection {
	if r := checkOptionAndService(in); r != nil {
		return r
	}
	if in.Value != nil {
		if in.Option != "networking.firewall.allowedTCPPorts" && in.Option != "networking.firewall.allowedUDPPorts" {
			return reject(CodeBadIntent, "a question about %s takes no value", in.Option)
		}
		v, _ := normalizeValue(in.Value)
		if n, ok := v.(int64); !ok || n < 1 || n > 65535 {
			return reject(CodeBadValue, "%s is not a port: a port is a number from 1 to 65535", show(in.Value))
		}
	}
	if cat != nil {
		if _, found := cat.Option(in.Option); !found && !hasOptionsUnder(cat, in.Option) {
			// A group of options ("show option services.openssh") is
			// a fair question: what is set below it.
			return unknownOption(cat, in.Option)
		}
	}
	return nil
}

// checkOptionAndService checks an intent's option path and the service
// word that named it.
func checkOptionAndService(in intent.Intent) *Rejection {
	if in.Option == "" {
		return reject(CodeBadIntent, "%s needs an option", in.Kind)
	}
	if r := checkOptionPath(in.Option); r != nil {
		return r
	}
	return checkText(in.Service, "service name", MaxName)
}

// hasOptionsUnder reports whether cat knows options below path, when it
// can say.
func hasOptionsUnder(cat Catalog, path string) bool {
	g, ok := cat.(interface{ HasOptionsUnder(string) bool })
	return ok && g.HasOptionsUnder(path)
}

// maxOptionSuggestions is how many close options "did you mean" offers,
// as many as for packages.
const maxOptionSuggestions = 3

// unknownOption refuses an option cat does not know, with the declared
// options close to it when cat can name them (the search index can: a
// typo in one element, "services.opnessh.enable").
func unknownOption(cat Catalog, path string) *Rejection {
	if s, ok := cat.(interface {
		SuggestOptions(path string, n int) []string
	}); ok {
		if sugg := s.SuggestOptions(path, maxOptionSuggestions); len(sugg) > 0 {
			return reject(CodeUnknownOption, "no NixOS option named %s; did you mean %s?", path, OrList(sugg))
		}
	}
	return reject(CodeUnknownOption, "no NixOS option named %s (look it up on search.nixos.org/options)", path)
}

func checkSetOption(in intent.Intent, cat Catalog) *Rejection {
	if in.Option == "" {
		return reject(CodeBadIntent, "set-option needs an option")
	}
	if r := checkOptionPath(in.Option); r != nil {
		return r
	}
	if in.Option == systemPackages || strings.HasPrefix(in.Option, systemPackages+".") {
		return reject(CodeBadOption, "%s holds the installed packages: use install and remove", systemPackages)
	}
	switch in.Change {
	case intent.ChangeSet, intent.ChangeAdd, intent.ChangeRemove:
	case intent.ChangeUnset:
		if in.Value != nil {
			return reject(CodeBadIntent, "unset takes no value")
		}
	case intent.ChangeMerge:
		return checkMerge(in, cat)
	default:
		return reject(CodeBadIntent, "unknown change %q", in.Change)
	}
	typ, found := knownTypes[in.Option]
	if cat != nil {
		t, exists := cat.Option(in.Option)
		if !exists && in.Change == intent.ChangeUnset && hasOptionsUnder(cat, in.Option) {
			// "reset the keyboard layout": a group of options, taken out
			// of the fragment whole.
			return nil
		}
		if !exists {
			return unknownOption(cat, in.Option)
		}
		// An empty type is a catalog without options (packages only):
		// what ask-nix knows itself still holds.
		if t != "" {
			typ, found = t, true
		}
	}
	if in.Change == intent.ChangeUnset {
		return nil
	}
	if isPortRangeOption(in.Option) {
		return checkPortRange(in, typ, found)
	}
	v, ok := normalizeValue(in.Value)
	if !ok || v == nil {
		return reject(CodeBadValue, "value for %s: %s is not a value ask-nix writes (true/false, a whole number or a string)", in.Option, show(in.Value))
	}
	items := []any{v}
	if list, isList := v.([]any); isList {
		// Several items are one change to a list ("open ports 80 and
		// 443"); a whole list is never set.
		if in.Change != intent.ChangeAdd && in.Change != intent.ChangeRemove {
			return reject(CodeBadValue, "value for %s: ask-nix sets one value at a time, not a list", in.Option)
		}
		if len(list) == 0 {
			return reject(CodeBadValue, "value for %s: the list of items is empty: name at least one", in.Option)
		}
		if len(list) > MaxItems {
			what := "items for " + in.Option
			if isPortOption(in.Option) {
				what = "ports"
			}
			return reject(CodeTooLong, "too many %s in one request: %d (the limit is %d)", what, len(list), MaxItems)
		}
		items = list
	}
	for _, it := range items {
		if r := checkSetItem(in, it, typ, found); r != nil {
			return r
		}
	}
	return nil
}

// maxMerge bounds the options one merge sets: the settings that belong
// together are a handful.
const maxMerge = 8

// checkMerge checks a merge: each name under in.Option is one attribute,
// and each option it makes is checked as a set of its own would be (type,
// well-known values, the option index). The first bad one refuses all.
func checkMerge(in intent.Intent, cat Catalog) *Rejection {
	m, ok := in.Value.(map[string]any)
	if !ok || len(m) == 0 {
		return reject(CodeBadValue, "value for %s: %s is not a set of options to merge: give at least one, like {\"PasswordAuthentication\": false}", in.Option, show(in.Value))
	}
	if len(m) > maxMerge {
		return reject(CodeTooLong, "too many options under %s in one request: %d (the limit is %d)", in.Option, len(m), maxMerge)
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		// One attribute each; checkSetOption judges the name's grammar.
		if name == "" || strings.ContainsAny(name, ".\"") {
			return reject(CodeBadOption, "%q is not an option name under %s: one Nix name, like PasswordAuthentication", name, in.Option)
		}
		sub := intent.Intent{Kind: intent.SetOption, Option: in.Option + "." + name, Value: m[name]}
		if v, _ := normalizeValue(m[name]); v == nil {
			return reject(CodeBadValue, "value for %s: %s is not a value ask-nix writes (true/false, a whole number or a string)", sub.Option, show(m[name]))
		} else if _, isList := v.([]any); isList {
			return reject(CodeBadValue, "value for %s: a merge sets single values, not lists", sub.Option)
		}
		if r := checkSetOption(sub, cat); r != nil {
			return r
		}
	}
	return nil
}

// checkSetItem checks one value of a set-option intent: the whole value
// of a set, or one item of an add or remove. The first bad item refuses
// the request, and the reason names it.
func checkSetItem(in intent.Intent, v any, typ string, found bool) *Rejection {
	if _, isList := v.([]any); isList || v == nil {
		// Only an item of a list can be either here.
		return reject(CodeBadValue, "value for %s: a list item must be true/false, a whole number or a string, not %s", in.Option, show(v))
	}
	if s, isStr := v.(string); isStr {
		if r := checkText(s, "value for "+in.Option, MaxValue); r != nil {
			return r
		}
	}
	if r := checkWellKnown(in.Option, in.Change, v); r != nil {
		return r
	}
	if !found {
		return nil
	}
	var r *Rejection
	if (in.Change == intent.ChangeAdd || in.Change == intent.ChangeRemove) && !strings.Contains(typ, "strings concatenated with ") {
		r = checkItem(typ, v)
	} else {
		// A joined string's item is a string as the whole is
		// (services.xserver.xkb.options: "caps:escape").
		r = checkValue(typ, v)
	}
	if r != nil {
		r.Reason = "value for " + in.Option + ": " + r.Reason
		return r
	}
	return nil
}

func isPortOption(option string) bool {
	return option == "networking.firewall.allowedTCPPorts" || option == "networking.firewall.allowedUDPPorts"
}

func isPortRangeOption(option string) bool {
	return option == "networking.firewall.allowedTCPPortRanges" || option == "networking.firewall.allowedUDPPortRanges"
}

// checkPortRange checks a change of a port range list. Its items are
// attribute sets, which ask-nix writes nowhere else: exactly one range,
// {"from": n, "to": m} with both ends ports and n below m, added or
// removed ("open ports 1714 to 1764").
func checkPortRange(in intent.Intent, typ string, found bool) *Rejection {
	if in.Change != intent.ChangeAdd && in.Change != intent.ChangeRemove {
		return reject(CodeBadValue, "%s is a list of port ranges: open or close one range rather than setting the whole list (\"open ports 1714 to 1764\", \"close ports 1714 to 1764\")", in.Option)
	}
	m, isMap := in.Value.(map[string]any)
	var ends [2]int64
	ok := isMap && len(m) == 2
	for i, k := range []string{"from", "to"} {
		if !ok {
			break
		}
		// A value normalizeValue refuses comes back as it was: not int64.
		n, _ := normalizeValue(m[k])
		ends[i], ok = n.(int64)
	}
	if !ok {
		return reject(CodeBadValue, "value for %s: %s is not a port range: a range is {\"from\": 1714, \"to\": 1764}, one range per request", in.Option, show(in.Value))
	}
	for _, n := range ends {
		if n < 1 || n > 65535 {
			return reject(CodeBadValue, "port %d is out of range: a port is between 1 and 65535", n)
		}
	}
	if ends[0] >= ends[1] {
		return reject(CodeBadValue, "%d to %d is not a port range: the first port must be below the last", ends[0], ends[1])
	}
	if !found {
		return nil
	}
	if r := checkItemType(typ, map[string]any{"from": ends[0], "to": ends[1]}); r != nil {
		r.Reason = "value for " + in.Option + ": " + r.Reason
		return r
	}
	return nil
}

// checkWellKnown gives the options people set most a reason in their own
// terms, before (and stricter than) the declared type.
func checkWellKnown(option string, change intent.Change, v any) *Rejection {
	if calendarOptions[option] {
		return checkCalendar(option, change, v)
	}
	switch option {
	case "time.timeZone":
		s, ok := v.(string)
		if !ok || !timezone.ValidName(s) {
			return reject(CodeBadValue, "%s is not a time zone: use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)", show(v))
		}
	case "networking.hostName":
		s, ok := v.(string)
		if !ok || !validHostname(s) {
			r := reject(CodeBadValue, "%s is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen", show(v))
			// "my laptop" -> "my-laptop", "my_box" -> "my-box", when that
			// is one. NixOS's own type lets an underscore through, but its
			// description warns against it (not a valid DNS label).
			if n, isInt := v.(int64); isInt && validHostname(strconv.FormatInt(n, 10)) {
				// Read as a number, which is a valid name as text.
				r.Reason = fmt.Sprintf("%d was read as a number, and a hostname is text: say set hostname to \"%d\", in quotes", n, n)
			}
			if s, isStr := v.(string); isStr {
				h := strings.Join(strings.Fields(strings.ReplaceAll(s, "_", "-")), "-")
				if h != s && validHostname(h) {
					r.Reason += fmt.Sprintf(" (did you mean %s?)", h)
				} else if host, domain, dotted := strings.Cut(s, "."); dotted && validHostname(host) && validHostname(strings.ReplaceAll(domain, ".", "-")) {
					// "web01.example.com": the host name is the first
					// label; the rest is networking.domain.
					r.Reason += fmt.Sprintf(" (a name with dots is the host name and its domain: set hostname to %s, and networking.domain to %q)", host, domain)
				}
				if strings.Contains(s, "_") {
					r.Reason += "; NixOS warns against underscores in hostnames, which are not valid DNS names"
				}
			}
			return r
		}
	case "i18n.defaultLocale":
		s, ok := v.(string)
		if !ok || !validLocale(s) {
			return reject(CodeBadValue, "%s is not a locale NixOS builds by default: use language_COUNTRY.UTF-8, like de_DE.UTF-8 or en_US.UTF-8 (C.UTF-8 also works)", show(v))
		}
	case "services.xserver.xkb.layout":
		s, ok := v.(string)
		if !ok || !validLayouts(s) {
			return reject(CodeBadValue, "%s is not a keyboard layout: use XKB layout codes like us, de or fr, several as us,de (see `localectl list-x11-keymap-layouts`)", show(v))
		}
	case "services.xserver.xkb.variant":
		s, ok := v.(string)
		if !ok || s != "" && !xkb.Variant(s) {
			return reject(CodeBadValue, "%s is not a keyboard variant: use an XKB variant name like dvorak, colemak, nodeadkeys or altgr-intl", show(v))
		}
	case "services.xserver.xkb.options":
		s, ok := v.(string)
		if !ok || !xkb.Options(s) {
			return reject(CodeBadValue, "%s is not a list of keyboard options: use XKB options, group:name, like caps:escape or compose:ralt, joined by commas (see `localectl list-x11-keymap-options`)", show(v))
		}
	case "services.displayManager.autoLogin.user":
		s, ok := v.(string)
		if !ok || !username.Valid(s) {
			return reject(CodeBadValue, "%s is not a user name: use the login name, like alice (lower-case letters, digits, _ and -, starting with a letter or _, up to %d)", show(v), username.MaxLen)
		}
	case "console.keyMap":
		s, ok := v.(string)
		if !ok || !validKeymap(s) {
			return reject(CodeBadValue, "%s is not a console keymap: use a name like us, de-latin1 or fr (see `localectl list-keymaps`)", show(v))
		}
	case `boot.kernel.sysctl."vm.swappiness"`:
		n, ok := v.(int64)
		if !ok || n < 0 || n > 200 {
			return reject(CodeBadValue, "%s is not a swappiness: a whole number from 0 (swap only to avoid running out of memory) to 200 (Linux's default is 60)", show(v))
		}
	case "networking.nameservers":
		if change != intent.ChangeAdd && change != intent.ChangeRemove {
			return reject(CodeBadValue, "%s is a list of DNS servers: add or remove servers rather than setting the whole list (\"use 1.1.1.1 as dns server\", \"remove dns server 8.8.8.8\")", option)
		}
		s, ok := v.(string)
		if a, err := netip.ParseAddr(s); !ok || err != nil || a.Zone() != "" {
			return reject(CodeBadValue, "%s is not a DNS server: give its IP address, like 1.1.1.1 or 2606:4700:4700::1111", show(v))
		}
	case "networking.firewall.allowedTCPPorts", "networking.firewall.allowedUDPPorts":
		if change != intent.ChangeAdd && change != intent.ChangeRemove {
			return reject(CodeBadValue, "%s is a list of ports: open or close ports rather than setting the whole list (\"open ports 80 and 443\", \"close port 443\")", option)
		}
		n, ok := v.(int64)
		if !ok {
			return reject(CodeBadValue, "%s is not a port number", show(v))
		}
		if n < 1 || n > 65535 {
			return reject(CodeBadValue, "port %d is out of range: a port is between 1 and 65535", n)
		}
	}
	return nil
}

// checkCalendar checks a value of a timer's schedule (calendarOptions):
// a systemd calendar expression, and of the list nix.optimise.dates one
// item added or removed (a schedule said anew is the list unset and its
// items added, in one edit).
func checkCalendar(option string, change intent.Change, v any) *Rejection {
	if option == "nix.optimise.dates" && change != intent.ChangeAdd && change != intent.ChangeRemove {
		return reject(CodeBadValue, "%s is a list of schedules: add or remove one rather than setting the whole list (\"optimise the store every week\" makes it that one)", option)
	}
	s, ok := v.(string)
	if !ok || !validCalendar(s) {
		return reject(CodeBadValue, "%s is not a schedule systemd reads for %s: use daily, weekly or monthly, a time such as 03:45, days such as Sun or Mon..Fri, or both, as Sun 03:45 (`systemd-analyze calendar` checks others, which you can write in configuration.nix)", show(v), option)
	}
	return nil
}

// validHostname: one RFC 1123 label.
func validHostname(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
