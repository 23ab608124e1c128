package main

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/timezone"
	"github.com/nix-humanity/nix-humanity/intent"
)

// checkTimeZone holds a time zone request to the machine's zone
// database: the name as the database spells it is what gets written
// ("europe/berlin" becomes Europe/Berlin), and a name it lacks is refused
// with the closest ones. NixOS itself would accept the wrong name, build,
// and leave /etc/localtime pointing nowhere. Without a database the
// guard's check of the name's form is all there is, and ask-nix says so.
func checkTimeZone(g *globals, in intent.Intent) (intent.Intent, error) {
	name, ok := in.Value.(string)
	if in.Kind != intent.SetOption || in.Option != "time.timeZone" || in.Change != intent.ChangeSet || !ok {
		return in, nil
	}
	if zones, ok := timezone.Abbreviation(name); ok {
		// "EST" is a zone, but a fixed one: in summer a machine set to it
		// is an hour behind New York. Said, not guessed.
		reason := fmt.Sprintf("%q is an abbreviation; time.timeZone needs the zone's name (an abbreviation is no zone in tzdata, or a fixed one such as EST, which has no summer time): say \"set timezone to %s\"", name, zones[0])
		if len(zones) > 1 {
			reason += " (or " + strings.Join(zones[1:], ", ") + ")"
		}
		return in, &guard.Rejection{Code: guard.CodeBadValue, Reason: reason}
	}
	if rej := offsetZone(name); rej != nil {
		return in, rej
	}
	if sign, hours, ok := etcOffset(name); ok && hours != "0" {
		// Said as tzdata spells it, so meant; the sign still surprises.
		other := otherSign(sign)
		fmt.Fprintf(g.stderr, "note: %s is UTC%s%s: tzdata's Etc/GMT names have the sign the other way round (POSIX's), so UTC%s%s is Etc/GMT%s%s\n",
			name, other, hours, sign, hours, other, hours)
	}
	getenv := func(k string) string { v, _ := g.lookupEnv(k); return v }
	db, found := timezone.System(getenv)
	if !found {
		fmt.Fprintf(g.stderr, "note: the time zone was checked for its form only: there is no time zone database here (%s)\n", strings.Join(timezone.Dirs, ", "))
		return in, nil
	}
	canonical, suggestions, err := db.Resolve(name)
	switch {
	case err != nil:
		fmt.Fprintf(g.stderr, "note: the time zone was checked for its form only: reading %s: %v\n", db.Dir, err)
	case canonical == "":
		reason := fmt.Sprintf("%q is not a time zone in %s", name, db.Dir)
		if len(suggestions) > 0 {
			reason += "; did you mean " + strings.Join(suggestions, ", ") + "?"
		} else {
			reason += ": use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)"
		}
		return in, &guard.Rejection{Code: guard.CodeBadValue, Reason: reason}
	case canonical != name:
		fmt.Fprintf(g.stderr, "note: the time zone %q is %s in %s; using that\n", name, canonical, db.Dir)
		in.Value = canonical
	}
	return in, nil
}

// offsetRE is a UTC offset as people write it: "GMT+1", "utc-5",
// "UTC+05:30", "gmt + 2".
var offsetRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$`)
})

// offsetZone refuses a time zone said as an offset from UTC. tzdata's
// Etc/GMT+1 is one hour behind UTC (POSIX's sign), so "GMT+1" matched to
// it set the clock two hours off from the UTC+1 that was meant; nor is
// there a zone for UTC+5:30. nil when name is no such offset.
func offsetZone(name string) error {
	m := offsetRE().FindStringSubmatch(name)
	if m == nil {
		return nil
	}
	sign, hours, minutes := m[2], strings.TrimLeft(m[3], "0"), strings.TrimLeft(m[4], "0")
	if hours == "" && minutes == "" {
		return &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("%q is no zone name: for UTC itself, say \"set timezone to UTC\"", name)}
	}
	reason := fmt.Sprintf("%q is an offset from UTC, not a zone name: a zone keeps the offset right through summer time, so say your city's (\"set timezone to Europe/Berlin\")", name)
	if minutes == "" {
		other := otherSign(sign)
		reason += fmt.Sprintf("; for a fixed UTC%s%s all year, say \"set timezone to Etc/GMT%s%s\" (tzdata's Etc/GMT names have the sign the other way round: Etc/GMT%s%s is UTC%s%s)",
			sign, hours, other, hours, sign, hours, other, hours)
	}
	return &guard.Rejection{Code: guard.CodeBadValue, Reason: reason}
}

// etcOffset reads a tzdata Etc/GMT offset zone ("Etc/GMT+1": "+", "1").
func etcOffset(name string) (sign, hours string, ok bool) {
	rest, found := strings.CutPrefix(strings.ToLower(name), "etc/gmt")
	if !found || len(rest) < 2 || (rest[0] != '+' && rest[0] != '-') {
		return "", "", false
	}
	if strings.Trim(rest[1:], "0123456789") != "" {
		return "", "", false
	}
	return rest[:1], rest[1:], true
}

// otherSign is "+" for "-" and "-" for "+": tzdata's Etc/GMT sign for a
// UTC offset's, and back.
func otherSign(sign string) string {
	if sign == "-" {
		return "+"
	}
	return "-"
}
