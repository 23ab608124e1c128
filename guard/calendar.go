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

// calendarDays are the day names systemd reads, short and long, each
// with its place in systemd's week (Monday first, from 1).
var calendarDays = map[string]int{"Mon": 1, "Tue": 2, "Wed": 3, "Thu": 4, "Fri": 5, "Sat": 6, "Sun": 7,
	"Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6, "Sunday": 7}

// validCalendar reports whether s is a systemd calendar expression of
// the forms people write for these timers: a shortcut ("weekly"), or
// up to three fields, each said at most once and in this order: days of
// the week ("Mon", "Sat,Sun", "Mon..Fri"), a date ("*-*-01", "*-01-01",
// "01-01"), a time ("03:45", "*:0/15", "04:40:00"). Numbers are in
// their ranges; a field is "*" alone or lists values with commas, spans
// them forward with "..", and repeats them with "/", as systemd reads
// them (calendarComponent); a date names a day some month has. Time zones, "~" (days from the end of
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

// validCalendarDays: "Mon", "Sat,Sun", "Mon..Fri" (a span forward in
// the week: systemd refuses "Fri..Mon").
func validCalendarDays(f string) bool {
	for item := range strings.SplitSeq(f, ",") {
		from, to, span := strings.Cut(item, "..")
		if calendarDays[from] == 0 || span && (calendarDays[to] == 0 || calendarDays[to] < calendarDays[from]) {
			return false
		}
	}
	return true
}

// daysInMonth are the days each month can have (February in a leap
// year), January first.
var daysInMonth = [12]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// validCalendarDate: year-month-day or month-day, each "*" or numbers
// in range, naming a day some month has: "*-02-30" and "04-31" are read
// by systemd, but a timer on them never elapses.
func validCalendarDate(f string) bool {
	parts := strings.Split(f, "-")
	if len(parts) == 3 {
		if _, ok := calendarComponent(parts[0], 1970, 2199); !ok {
			return false
		}
		parts = parts[1:]
	}
	if len(parts) != 2 {
		return false
	}
	months, ok := calendarComponent(parts[0], 1, 12)
	if !ok {
		return false
	}
	days, ok := calendarComponent(parts[1], 1, 31)
	if !ok {
		return false
	}
	for m := 1; m <= 12; m++ {
		if months&(1<<m) != 0 && days&(1<<(daysInMonth[m-1]+1)-1) != 0 {
			return true
		}
	}
	return false
}

// validCalendarTime: hour:minute or hour:minute:second.
func validCalendarTime(f string) bool {
	parts := strings.Split(f, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	limits := [][2]int{{0, 23}, {0, 59}, {0, 59}}
	for i, p := range parts {
		if _, ok := calendarComponent(p, limits[i][0], limits[i][1]); !ok {
			return false
		}
	}
	return true
}

// calendarComponent reads one field of a date or time as systemd does
// (systemd.time(7), calendarspec.c): "*" alone, or a list of items
// ("1,15"), each a number ("3", "03"), a span forward ("9..17"), either
// repeated ("0/15": 0, 15, 30, 45; "9..17/2"), from lo to hi. systemd
// refuses a "*" in a list or repeated ("*/15"), and a repeat that does
// not fit once before the end of the span or the field ("20/12" of the
// days, "3..3"). set has bit n for each value n the field names, below
// 64 (the months, days, hours, minutes and seconds; not the years).
func calendarComponent(p string, lo, hi int) (set uint64, ok bool) {
	if p == "*" {
		for n := lo; n <= hi && n < 64; n++ {
			set |= 1 << n
		}
		return set, true
	}
	for item := range strings.SplitSeq(p, ",") {
		base, step, repeats := strings.Cut(item, "/")
		from, to, span := strings.Cut(base, "..")
		start, ok := calendarNumber(from, lo, hi)
		if !ok {
			return 0, false
		}
		end, every := hi, 0
		if span {
			if end, ok = calendarNumber(to, lo, hi); !ok {
				return 0, false
			}
			every = 1
		}
		if repeats {
			if every, ok = calendarNumber(step, 1, hi); !ok {
				return 0, false
			}
		}
		if start+every > end {
			return 0, false
		}
		if every == 0 {
			end = start
		}
		for n := start; n <= end && n < 64; n += max(every, 1) {
			set |= 1 << n
		}
	}
	return set, true
}

// calendarNumber: s is 1 to 4 digits, from lo to hi.
func calendarNumber(s string, lo, hi int) (int, bool) {
	if s == "" || len(s) > 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}
