package timezone

import "strings"

// abbreviations are what people say for a zone that are no zone of
// their own, or a zone other than the one they mean: tzdata's EST and
// MST are fixed offsets with no summer time (links to America/Panama and
// America/Phoenix since 2024b), PST is no zone at all. Each maps to the
// zones people mean by it, the most likely first.
var abbreviations = map[string][]string{
	"est": {"America/New_York"}, "edt": {"America/New_York"}, "et": {"America/New_York"},
	"cst": {"America/Chicago"}, "cdt": {"America/Chicago"}, "ct": {"America/Chicago"},
	"mst": {"America/Denver", "America/Phoenix"}, "mdt": {"America/Denver"}, "mt": {"America/Denver"},
	"pst": {"America/Los_Angeles"}, "pdt": {"America/Los_Angeles"}, "pt": {"America/Los_Angeles"},
	"akst": {"America/Anchorage"}, "akdt": {"America/Anchorage"},
	"hst": {"Pacific/Honolulu"},
	"bst": {"Europe/London"},
	"cet": {"Europe/Berlin", "Europe/Paris"}, "cest": {"Europe/Berlin", "Europe/Paris"},
	"eet": {"Europe/Athens", "Europe/Helsinki"}, "eest": {"Europe/Athens", "Europe/Helsinki"},
	"wet": {"Europe/Lisbon"}, "west": {"Europe/Lisbon"},
	"ist": {"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"},
	"jst": {"Asia/Tokyo"}, "kst": {"Asia/Seoul"},
	"aest": {"Australia/Sydney", "Australia/Brisbane"}, "aedt": {"Australia/Sydney"},
	"nzst": {"Pacific/Auckland"}, "nzdt": {"Pacific/Auckland"},
}

// Abbreviation reports whether name is a time zone abbreviation ("EST",
// "pst") and which zones people mean by it.
func Abbreviation(name string) ([]string, bool) {
	zones, ok := abbreviations[strings.ToLower(strings.TrimSpace(name))]
	return zones, ok
}
