package generation

import "time"

// dateFormatter formats link times in DateLayout, as time.Format would in
// its location, several times faster: the zone offset is looked up once
// per zone period (times in a listing mostly share one) and the fields
// are computed directly. A thousand dates would otherwise cost as much as
// the rest of a warm listing.
type dateFormatter struct {
	loc        *time.Location
	start, end int64 // unix seconds of the zone period offset holds for
	offset     int64 // seconds east of UTC
	valid      bool
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
	secs := local - days*86400
	y, m, day := civil(days)
	if y < 0 || y > 9999 {
		return time.Unix(sec, 0).In(f.loc).AppendFormat(b, DateLayout)
	}
	var d [19]byte
	put := func(i, v, width int) {
		for j := i + width - 1; j >= i; j-- {
			d[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, int(y), 4)
	d[4] = '-'
	put(5, m, 2)
	d[7] = '-'
	put(8, day, 2)
	d[10] = ' '
	put(11, int(secs/3600), 2)
	d[13] = ':'
	put(14, int(secs/60%60), 2)
	d[16] = ':'
	put(17, int(secs%60), 2)
	return append(b, d[:]...)
}

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
