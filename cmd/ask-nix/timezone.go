package main

import (
	"fmt"
	"strings"

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
