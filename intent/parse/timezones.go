package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// A time zone said by country ("set my timezone to india"): tzdata names
// zones by a city, so a country is no zone name, and the zone database's
// near misses for it mean nothing. A country that keeps one clock is
// that zone: tzdata's zone.tab lists one zone for it, or the others keep
// the same clock (Germany's Büsingen) or are no official time (China's
// Xinjiang time, said in a note). A country with several clocks is
// asked about, with its zones named, never one of them guessed. Cities
// need no table: the zone database finds "tokyo" and "new york" by the
// city in the zone's name (guard/timezone).

// countryZones: countries with one time, by the names people use. Each
// zone is checked against tzdata by TestCountryZones.
var countryZones map[string]string

// countryNotes: what a country's zone leaves out, said when it is taken.
var countryNotes map[string]string

// countryChoices: countries with several times, asked about. The zones
// are the most used first; the hint names them all.
var countryChoices map[string]struct {
	name  string
	zones []string // "Zone (where)"
}

// countryAliases: other names of the countries in countryChoices.
var countryAliases map[string]string

// zoneKey is a zone said in words, folded: "the USA", "india standard
// time", "Berlin, Germany" (the city, when a country follows it).
func zoneKey(v string) string {
	key := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(v, ",", " "))), " ")
	key = strings.TrimPrefix(key, "the ")
	for _, end := range []string{" time zone", " timezone", " time", " standard"} {
		key = strings.TrimSuffix(key, end)
	}
	if isCountry(key) || strings.Contains(key, "/") {
		return key
	}
	// "berlin germany", "new york usa": the city before the country.
	for i := strings.LastIndexByte(key, ' '); i > 0; i = strings.LastIndexByte(key[:i], ' ') {
		if isCountry(key[i+1:]) {
			return key[:i]
		}
	}
	return key
}

// isCountry: key names a country (or a time) the tables know.
func isCountry(key string) bool {
	_, one := countryZones[key]
	_, several := countryChoices[key]
	_, alias := countryAliases[key]
	return one || several || alias
}

// zoneSaid is a time zone value as the zone database is to be asked for
// it: "berlin time" is berlin, "Berlin, Germany" berlin. A name with a
// "/" is left as said, and so is one that needs none of this.
func zoneSaid(v string) string {
	if k := zoneKey(v); !strings.Contains(v, "/") && k != strings.ToLower(strings.TrimSpace(v)) {
		return k
	}
	return v
}

// zoneByCountry reads a time zone value said as a country. ok false:
// not a country the tables know, and v is read as a zone name. When
// the country has one time, in sets it; when several, err asks which.
func zoneByCountry(text, v string) (in intent.Intent, ok bool, err error) {
	key := zoneKey(v)
	if zone, ok := countryZones[key]; ok {
		in := intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: zone,
			Notes: []string{"\"" + v + "\" is the time zone " + zone + " (tzdata names each zone by one city)"}}
		if n, ok := countryNotes[zone]; ok {
			in.Notes = append(in.Notes, n)
		}
		return in, true, nil
	}
	if a, ok := countryAliases[key]; ok {
		key = a
	}
	c, ok := countryChoices[key]
	if !ok {
		return intent.Intent{}, false, nil
	}
	several := "has several time zones"
	if strings.HasSuffix(c.name, " Time") {
		several = "is kept by several zones, each with its own summer time"
	}
	ss := make([]intent.Suggestion, 0, 3)
	for _, z := range c.zones[:min(3, len(c.zones))] {
		name, _, _ := strings.Cut(z, " ")
		ss = append(ss, sug(intent.SetOption, "set timezone to "+name))
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: c.name + " " + several + ": " + strings.Join(c.zones, ", ") +
			"; say which (`timedatectl list-timezones` lists every zone). Nothing was changed"}
}

// loadTimezonesTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadTimezonesTables() {
	countryZones = map[string]string{
		"india": "Asia/Kolkata", "japan": "Asia/Tokyo", "germany": "Europe/Berlin", "france": "Europe/Paris",
		"italy": "Europe/Rome", "uk": "Europe/London", "united kingdom": "Europe/London", "britain": "Europe/London",
		"great britain": "Europe/London", "england": "Europe/London", "scotland": "Europe/London", "wales": "Europe/London",
		"ireland": "Europe/Dublin", "netherlands": "Europe/Amsterdam", "holland": "Europe/Amsterdam", "belgium": "Europe/Brussels", "switzerland": "Europe/Zurich",
		"austria": "Europe/Vienna", "poland": "Europe/Warsaw", "czechia": "Europe/Prague", "czech republic": "Europe/Prague",
		"slovakia": "Europe/Bratislava", "hungary": "Europe/Budapest", "romania": "Europe/Bucharest",
		"bulgaria": "Europe/Sofia", "greece": "Europe/Athens", "turkey": "Europe/Istanbul", "turkiye": "Europe/Istanbul",
		"sweden": "Europe/Stockholm", "norway": "Europe/Oslo", "denmark": "Europe/Copenhagen", "finland": "Europe/Helsinki",
		"iceland": "Atlantic/Reykjavik", "estonia": "Europe/Tallinn", "latvia": "Europe/Riga", "lithuania": "Europe/Vilnius",
		"croatia": "Europe/Zagreb", "serbia": "Europe/Belgrade", "slovenia": "Europe/Ljubljana",
		"luxembourg": "Europe/Luxembourg", "israel": "Asia/Jerusalem", "egypt": "Africa/Cairo",
		"south africa": "Africa/Johannesburg", "nigeria": "Africa/Lagos", "kenya": "Africa/Nairobi",
		"china": "Asia/Shanghai", "south korea": "Asia/Seoul", "korea": "Asia/Seoul", "taiwan": "Asia/Taipei",
		"philippines": "Asia/Manila", "thailand": "Asia/Bangkok",
		"vietnam": "Asia/Ho_Chi_Minh", "pakistan": "Asia/Karachi", "bangladesh": "Asia/Dhaka", "nepal": "Asia/Kathmandu",
		"sri lanka": "Asia/Colombo", "iran": "Asia/Tehran", "iraq": "Asia/Baghdad", "saudi arabia": "Asia/Riyadh",
		"uae": "Asia/Dubai", "united arab emirates": "Asia/Dubai", "colombia": "America/Bogota", "peru": "America/Lima",
		"venezuela": "America/Caracas", "cuba": "America/Havana", "jamaica": "America/Jamaica",
		// tzdata's old names for these (Singapore, Hongkong) are links kept
		// for old systems; the city's is the zone.
		"singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong",
		// A country's time said by name ("india standard time").
		"indian": "Asia/Kolkata", "japanese": "Asia/Tokyo", "british": "Europe/London", "irish": "Europe/Dublin",
		// Cities people name that are no zone's own name, whose zone is
		// certain: the zone database's near misses for them are other
		// places ("mumbai" is no Asia/Dubai, "delhi" no Asia/Dili).
		"mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
		"bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata", "hyderabad": "Asia/Kolkata",
		"pune": "Asia/Kolkata", "beijing": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "guangzhou": "Asia/Shanghai",
		"osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo", "munich": "Europe/Berlin", "hamburg": "Europe/Berlin",
		"frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin", "barcelona": "Europe/Madrid", "milan": "Europe/Rome",
		"manchester": "Europe/London", "edinburgh": "Europe/London", "nyc": "America/New_York", "new york city": "America/New_York",
		"boston": "America/New_York", "washington dc": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
		"philadelphia": "America/New_York", "dallas": "America/Chicago", "houston": "America/Chicago", "austin": "America/Chicago",
		"san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles",
		"la": "America/Los_Angeles", "las vegas": "America/Los_Angeles",
		"montreal": "America/Toronto", "ottawa": "America/Toronto", "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
		"canberra": "Australia/Sydney", "tel aviv": "Asia/Jerusalem", "abu dhabi": "Asia/Dubai",
		"st petersburg": "Europe/Moscow", "saint petersburg": "Europe/Moscow",
	}
	countryNotes = map[string]string{
		"Asia/Shanghai": "China keeps Beijing Time (Asia/Shanghai) everywhere; Xinjiang's own local time is Asia/Urumqi",
	}
	countryChoices = map[string]struct {
		name  string
		zones []string // "Zone (where)"
	}{
		// Times said by name, kept by zones of several countries, each
		// with its own summer time.
		"eastern":          {"Eastern Time", []string{"America/New_York (the United States)", "America/Toronto (Canada)", "Australia/Sydney (Australia's)"}},
		"central":          {"Central Time", []string{"America/Chicago (the United States)", "America/Winnipeg (Canada)", "America/Mexico_City (Mexico)", "Australia/Adelaide (Australia's)"}},
		"mountain":         {"Mountain Time", []string{"America/Denver (the United States)", "America/Edmonton (Canada)", "America/Phoenix (Arizona, no summer time)"}},
		"pacific":          {"Pacific Time", []string{"America/Los_Angeles (the United States)", "America/Vancouver (Canada)", "America/Tijuana (Mexico)"}},
		"central european": {"Central European Time", []string{"Europe/Berlin (Germany)", "Europe/Paris (France)", "Europe/Rome (Italy)", "Europe/Madrid (Spain)", "Europe/Warsaw (Poland)", "Europe/Amsterdam (the Netherlands)"}},
		"eastern european": {"Eastern European Time", []string{"Europe/Athens (Greece)", "Europe/Helsinki (Finland)", "Europe/Bucharest (Romania)", "Europe/Kyiv (Ukraine)", "Africa/Cairo (Egypt)"}},

		"usa": {"The United States", []string{"America/New_York (Eastern)", "America/Chicago (Central)", "America/Denver (Mountain)",
			"America/Los_Angeles (Pacific)", "America/Phoenix (Arizona)", "America/Anchorage (Alaska)", "Pacific/Honolulu (Hawaii)"}},
		"canada": {"Canada", []string{"America/Toronto (Eastern)", "America/Vancouver (Pacific)", "America/Edmonton (Mountain)",
			"America/Winnipeg (Central)", "America/Regina (Saskatchewan)", "America/Halifax (Atlantic)", "America/St_Johns (Newfoundland)"}},
		"australia": {"Australia", []string{"Australia/Sydney (New South Wales)", "Australia/Melbourne (Victoria)", "Australia/Brisbane (Queensland)",
			"Australia/Perth (Western Australia)", "Australia/Adelaide (South Australia)", "Australia/Hobart (Tasmania)", "Australia/Darwin (Northern Territory)"}},
		"russia": {"Russia", []string{"Europe/Moscow (Moscow)", "Asia/Yekaterinburg (Urals)", "Asia/Novosibirsk (Novosibirsk)",
			"Europe/Kaliningrad (Kaliningrad)", "Europe/Samara (Samara)", "Asia/Krasnoyarsk (Krasnoyarsk)", "Asia/Irkutsk (Irkutsk)", "Asia/Vladivostok (Vladivostok)"}},
		"brazil": {"Brazil", []string{"America/Sao_Paulo (the southeast: SP, RJ, MG, DF and the south)", "America/Fortaleza (the northeast)",
			"America/Manaus (Amazonas)", "America/Belem (Para, east)", "America/Recife (Pernambuco)", "America/Bahia (Bahia)", "America/Rio_Branco (Acre)"}},
		"mexico": {"Mexico", []string{"America/Mexico_City (central Mexico)", "America/Cancun (Quintana Roo)", "America/Tijuana (Baja California)",
			"America/Monterrey (Nuevo Leon, Coahuila, Tamaulipas)", "America/Hermosillo (Sonora)", "America/Chihuahua (Chihuahua)", "America/Mazatlan (Sinaloa, Baja California Sur)"}},
		"indonesia": {"Indonesia", []string{"Asia/Jakarta (Java, Sumatra)", "Asia/Makassar (Bali, Sulawesi, east Borneo)",
			"Asia/Jayapura (Papua, the Moluccas)", "Asia/Pontianak (west and central Borneo)"}},
		"spain":       {"Spain", []string{"Europe/Madrid (the mainland, the Balearic Islands)", "Atlantic/Canary (the Canary Islands)", "Africa/Ceuta (Ceuta, Melilla)"}},
		"portugal":    {"Portugal", []string{"Europe/Lisbon (the mainland)", "Atlantic/Azores (the Azores)", "Atlantic/Madeira (Madeira)"}},
		"new zealand": {"New Zealand", []string{"Pacific/Auckland (most of New Zealand)", "Pacific/Chatham (the Chatham Islands)"}},
		"chile":       {"Chile", []string{"America/Santiago (most of Chile)", "America/Punta_Arenas (Magallanes)", "America/Coyhaique (Aysen)", "Pacific/Easter (Easter Island)"}},
		"kazakhstan":  {"Kazakhstan", []string{"Asia/Almaty (most of Kazakhstan)", "Asia/Oral (West Kazakhstan)", "Asia/Aqtobe (Aqtobe)", "Asia/Aqtau (Mangystau)"}},
		"ukraine":     {"Ukraine", []string{"Europe/Kyiv (most of Ukraine)", "Europe/Simferopol (Crimea)"}},
		"argentina":   {"Argentina", []string{"America/Argentina/Buenos_Aires (Buenos Aires)", "America/Argentina/Cordoba (most provinces)", "America/Argentina/Mendoza (Mendoza)"}},
	}
	countryAliases = map[string]string{
		"us": "usa", "u.s.": "usa", "u.s.a.": "usa", "united states": "usa", "united states of america": "usa",
		"america": "usa", "states": "usa", "nz": "new zealand", "aotearoa": "new zealand",
		"brasil": "brazil", "méxico": "mexico",
	}
}
