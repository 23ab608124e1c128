package guard

import (
	"strconv"
	"strings"
)

// calendarOptions are the NixOS options whose values are systemd calendar
// expressions (systemd.time(7)), which the timers they make are started
// by. NixOS checks only that each is a string: one systemd cannot read
// builds and switches, and the timer then fails when it is started, so
// the maintenance it runs (garbage collection, the store's optimiser, the
// upgrade) quietly never happens. nix.optimise.dates is a list of them,
// the others one.
var calendarOptions = map[string]bool{"nix.gc.dates": true, "nix.optimise.dates": true, "system.autoUpgrade.dates": true}

// calendarShortcuts are systemd's named calendar expressions.
var calendarShortcuts = map[string]bool{"minutely": true, "hourly": true, "daily": true, "weekly": true, "monthly": true,
	"quarterly": true, "semiannually": true, "yearly": true, "annually": true}

// calendarDays are the day names systemd reads, short and long.
var calendarDays = map[string]bool{"Mon": true, "Tue": true, "Wed": true, "Thu": true, "Fri": true, "Sat": true, "Sun": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true}

// validCalendar reports whether s is a systemd calendar expression of
// the forms people write for these timers: a shortcut ("weekly"), or
// up to three fields, each said at most once and in this order: days of
// the week ("Mon", "Sat,Sun", "Mon..Fri"), a date ("*-*-01", "*-01-01",
// "01-01"), a time ("03:45", "*:0/15", "04:40:00"). Numbers are in
// their ranges; a field may list values with commas, span them with
// "..", and repeat them with "/". Time zones, "~" (days from the end of
// the month) and fractions of seconds are not taken: they are rare
// enough to be written by hand in configuration.nix.
func validCalendar(s string) bool {
	if calendarShortcuts[s] {
		return true
	}
	fields := strings.Split(s, " ")
	if len(fields) == 0 || len(fields) > 3 {
		return false
	}
	stage := 0 // 1 after the days, 2 after the date, 3 after the time
	for _, f := range fields {
		switch {
		case f == "":
			return false
		case strings.Contains(f, ":"):
			if stage >= 3 || !validCalendarTime(f) {
				return false
			}
			stage = 3
		case strings.Contains(f, "-"):
			if stage >= 2 || !validCalendarDate(f) {
				return false
			}
			stage = 2
		default:
			if stage >= 1 || !validCalendarDays(f) {
				return false
			}
			stage = 1
		}
	}
	return true
}

// validCalendarDays: "Mon", "Sat,Sun", "Mon..Fri".
func validCalendarDays(f string) bool {
	for item := range strings.SplitSeq(f, ",") {
		from, to, span := strings.Cut(item, "..")
		if !calendarDays[from] || span && !calendarDays[to] {
			return false
		}
	}
	return true
}

// validCalendarDate: year-month-day or month-day, each "*" or numbers
// in range.
func validCalendarDate(f string) bool {
	parts := strings.Split(f, "-")
	var limits [][2]int
	switch len(parts) {
	case 3:
		limits = [][2]int{{1970, 2199}, {1, 12}, {1, 31}}
	case 2:
		limits = [][2]int{{1, 12}, {1, 31}}
	default:
		return false
	}
	for i, p := range parts {
		if !validCalendarComponent(p, limits[i][0], limits[i][1]) {
			return false
		}
	}
	return true
}

// validCalendarTime: hour:minute or hour:minute:second.
func validCalendarTime(f string) bool {
	parts := strings.Split(f, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	limits := [][2]int{{0, 23}, {0, 59}, {0, 59}}
	for i, p := range parts {
		if !validCalendarComponent(p, limits[i][0], limits[i][1]) {
			return false
		}
	}
	return true
}

// validCalendarComponent: "*", "*/15", "3", "03", "1,15", "9..17",
// "0/15", each number from lo to hi (a repeat, after "/", from 1).
func validCalendarComponent(p string, lo, hi int) bool {
	for item := range strings.SplitSeq(p, ",") {
		base, step, repeats := strings.Cut(item, "/")
		if repeats && !calendarNumber(step, 1, hi) {
			return false
		}
		if base == "*" {
			continue
		}
		from, to, span := strings.Cut(base, "..")
		if !calendarNumber(from, lo, hi) || span && !calendarNumber(to, lo, hi) {
			return false
		}
	}
	return true
}

// calendarNumber: s is 1 to 4 digits, from lo to hi.
func calendarNumber(s string, lo, hi int) bool {
	if s == "" || len(s) > 4 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= lo && n <= hi
}
