package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

// hardwareClock is the option that keeps the machine's hardware clock in
// local time rather than UTC, as Windows keeps it.
const hardwareClock = "time.hardwareClockInLocalTime"

// ruleHardwareClock: "set the hardware clock to local time", "keep the
// rtc in utc": time.hardwareClockInLocalTime, true for local time, false
// for UTC (NixOS's default). Clock trouble beside Windows ("the time is
// wrong after booting windows", "enable localtime for windows") is
// answered with that request, never carried out: the time zone may be
// what is wrong.
func ruleHardwareClock(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) > 10 || slices.ContainsFunc(ts, func(t token) bool { return t.quoted }) {
		return intent.Intent{}, false, nil
	}
	clock := has(ts, "rtc", "hwclock") || has(ts, "clock") && has(ts, "hardware", "bios", "cmos", "uefi", "rtc", "motherboard")
	local := has(ts, "local", "localtime", "local-time")
	utc := has(ts, "utc", "universal")
	switch {
	case asksQuestion(ts) && clock && (local || utc):
		// "is the hardware clock in local time"
		return intent.Intent{Kind: intent.ShowOption, Option: hardwareClock, Service: "hardware clock in local time"}, true, nil
	case asksQuestion(ts):
		return intent.Intent{}, false, nil
	case clock && local != utc && (ts[0].w == "set" || ts[0].w == "use" || ts[0].w == "keep" || ts[0].w == "make" || ts[0].w == "change" || ts[0].w == "switch" || ts[0].w == "put"):
		return intent.Intent{Kind: intent.SetOption, Option: hardwareClock, Value: local,
			Notes: []string{"time.hardwareClockInLocalTime: the hardware clock kept in local time, as Windows keeps it, or in UTC (NixOS's default, false); the time shown stays that of time.timeZone either way"}}, true, nil
	case (has(ts, "windows", "dual-boot", "dualboot") || has(ts, "dual") && has(ts, "boot", "booting")) && has(ts, "time", "clock", "localtime", "hours", "hour") && !has(ts, "install", "search", "remove", "uninstall", "zone", "timezone"):
		return intent.Intent{}, true, windowsClock(text)
	}
	return intent.Intent{}, false, nil
}

// windowsClock answers clock trouble beside Windows.
func windowsClock(text string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "set hardware clock to local time"), sug(intent.SystemInfo, "what is my timezone")},
		Hint: "Windows keeps the hardware clock in local time and NixOS in UTC, so each moves the other's clock by your offset: \"set hardware clock to local time\" (time.hardwareClockInLocalTime) makes NixOS do as Windows does, or Windows can keep UTC instead (its RealTimeIsUniversal registry setting); " +
			"a clock off by hours on NixOS alone is the time zone (\"what is my timezone\"); nothing was changed"}
}
