package nixrun

import "time"

// SetUnitWait shortens the wait for an earlier activation unit in tests.
func SetUnitWait(poll, patience time.Duration) (restore func()) {
	p, q := unitPoll, unitPatience
	unitPoll, unitPatience = poll, patience
	return func() { unitPoll, unitPatience = p, q }
}

// WroteLock is wroteLock, for the external tests.
var WroteLock = wroteLock
