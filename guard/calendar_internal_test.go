package guard

import "testing"

// TestValidCalendar: the systemd calendar expressions written for the
// timers' schedules, and what systemd would not read (or ask-nix does not
// take), each checked by hand against systemd.time(7).
func TestValidCalendar(t *testing.T) {
	for s, want := range map[string]bool{
		"daily": true, "weekly": true, "monthly": true, "hourly": true, "yearly": true,
		"03:45": true, "3:45": true, "04:40:00": true, "*:0/15": true, "*-*-* 03:15:00": true,
		"Sun": true, "Sun 03:00": true, "Mon..Fri 18:00": true, "Sat,Sun 10:00": true,
		"Monday 03:00": true, "*-*-01 03:00": true, "Mon *-*-* 04:00": true, "01-01": true,
		"*-01-01": true, "2026-12-24 20:00": true, "Mon,Wed,Fri": true,
		"": false, "Daily": false, "every day": false, "24:00": false, "03:60": false, "3am": false,
		"Sun Mon": false, "03:00 Sun": false, "*-13-01": false, "*-*-32": false, "Sunday..": false,
		"Fun 03:00": false, "03:00 03:00": false, "weekly 03:00": false, "Sun  03:00": false,
		"*-*-* 03:00 UTC": false, "*:*/0": false, "1:2:3:4": false, "-1:00": false, "a-b": false,
		"daily; rm -rf /": false, "${x}": false, `"weekly"`: false, "Mon..": false,
		// What systemd does not read, or reads as a timer that never
		// elapses (FuzzValidCalendar, against systemd-analyze 252).
		"0:*,0": false, "*/15:00": false, "3,*/15:00": false, "5..3:00": false, "3..3:00": false,
		"Fri..Mon": false, "*-*-31/2": false, "*-*-20/12": false, "2/22:00": false, "*:30/30": false,
		"*-02-30": false, "*-02-31": false, "04-31": false, "*-2,4-31": false, "2026-02-30": false,
		"*-02-29": true, "*-2,4-30": true, "*-*-1/30": true, "1/22:00": true, "1..5/2:00": true,
		"3..4:00": true, "Mon..Mon": true, "*-*-20/11": true, "Sat..Sun 10:00": true,
	} {
		if got := validCalendar(s); got != want {
			t.Errorf("validCalendar(%q) = %v; want %v", s, got, want)
		}
	}
}
