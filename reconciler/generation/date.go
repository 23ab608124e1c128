package generation

import "time"

// dateFormatter formats link times in DateLayout, as time.Format would in
// its location, several times faster: the zone offset is looked up once
// per zone period (times in a listing mostly share one), the date part
// once per day, and the fields are computed directly. A thousand dates
// would otherwise cost as much as the rest of a warm listing.
type dateFormatter struct {
	loc        *time.Location
	start, end int64 // unix seconds of the zone period offset holds for
	offset     int64 // seconds east of UTC
	valid      bool
	// day is the local day (days since 1970-01-01) dayText shows as
	// "2006-01-02 "; dayValid is false until it holds one.
	day      int64
	dayText  [11]byte
	dayValid bool
}

func (f *dateFormatter) format(sec int64) string {
	return string(f.append(nil, sec))
}

// append appends sec formatted in DateLayout to b.
func (f *dateFormatter) append(b []byte, sec int64) []byte {
	if !f.valid || sec < f.start || sec >= f.end {
		t := time.Unix(sec, 0).In(f.loc)
		_, off := t.Zone()
		f.offset = int64(off)
		start, end := t.ZoneBounds()
		f.start, f.end = minUnix, maxUnix
		if !start.IsZero() {
			f.start = start.Unix()
		}
		if !end.IsZero() {
			f.end = end.Unix()
		}
		f.valid = true
	}
	local := sec + f.offset
	days := floorDiv(local, 86400)
	secs := int(local - days*86400)
	if !f.dayValid || days != f.day {
		y, m, d := civil(days)
		if y < 0 || y > 9999 {
			return time.Unix(sec, 0).In(f.loc).AppendFormat(b, DateLayout)
		}
		t := &f.dayText
		t[0], t[1], t[2], t[3] = digits[y/100*2], digits[y/100*2+1], digits[y%100*2], digits[y%100*2+1]
		t[4], t[5], t[6], t[7] = '-', digits[m*2], digits[m*2+1], '-'
		t[8], t[9], t[10] = digits[d*2], digits[d*2+1], ' '
		f.day, f.dayValid = days, true
	}
	h, mi, s := secs/3600, secs/60%60, secs%60
	return append(b, f.dayText[0], f.dayText[1], f.dayText[2], f.dayText[3], f.dayText[4], f.dayText[5],
		f.dayText[6], f.dayText[7], f.dayText[8], f.dayText[9], f.dayText[10],
		digits[h*2], digits[h*2+1], ':', digits[mi*2], digits[mi*2+1], ':', digits[s*2], digits[s*2+1])
}

// appendRFC3339 appends sec in RFC 3339 in f's location, as
// time.Format with time.RFC3339 would: the DateLayout text with a T
// between date and time, then the zone's offset (Z for none).
func (f *dateFormatter) appendRFC3339(b []byte, sec int64) []byte {
	n := len(b)
	b = f.append(b, sec)
	if len(b)-n != len(DateLayout) || f.offset%60 != 0 {
		// A year outside 0 to 9999, or an offset in seconds (local mean
		// time of old dates), which RFC 3339 cannot say: as time does.
		return time.Unix(sec, 0).In(f.loc).AppendFormat(b[:n], time.RFC3339)
	}
	b[n+10] = 'T'
	off := f.offset / 60
	if off == 0 {
		return append(b, 'Z')
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	h, m := off/60, off%60
	return append(b, sign, digits[h*2], digits[h*2+1], ':', digits[m*2], digits[m*2+1])
}

// digits holds 00 to 99: the two digits of n are digits[2n] and digits[2n+1].
const digits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

const (
	minUnix = -1 << 62
	maxUnix = 1 << 62
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil turns days since 1970-01-01 into a proleptic Gregorian date
// (Howard Hinnant's days-to-civil algorithm).
func civil(days int64) (year int64, month, day int) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, int(m), int(d)
}
