#!/bin/sh
# Usage: man-from-help.sh NAME SECTION SUMMARY VERSION PROGRAM
#
# Writes a man page (roff with the man macros) for PROGRAM on stdout, made
# from its own --help text, so the page says what the program says. Used by
# nix/package.nix at build time; checked by nix/man_test.go (groff -ww).
#
# The text before the first heading ("Usage:", "Flags:", ... a line of
# words ending in ':') is the description; each heading becomes a section
# whose lines are kept as printed. "Usage of PROG:" (Go's flag package)
# starts an OPTIONS section. For a cobra program, every command listed under
# "Available Commands:" but help and completion gets a subsection of
# COMMANDS with its own --help, and so does each command those list in
# turn ("ask-nix index update").
set -eu

if [ $# -ne 5 ]; then
	echo "usage: $0 NAME SECTION SUMMARY VERSION PROGRAM" >&2
	exit 2
fi
name=$1
section=$2
summary=$3
version=$4
prog=$5

# Go's flag package prints its usage on stderr; a program whose --help
# fails stops the build here instead of making an empty page.
main_help=$("$prog" --help 2>&1)

# roff renders the help text: LEVEL 0 makes sections, LEVEL 1 (a command's
# subsection) makes bold headings and leaves out the global flags, which
# the main page lists already.
render() {
	awk -v level="$1" '
	function esc(s) {
		gsub(/\\/, "\\e", s)
		if (s ~ /^[.\047]/) s = "\\&" s
		return s
	}
	function heading(h) {
		headed = 1
		blanks = 0
		if (inblock) { print ".fi"; inblock = 0 }
		skip = (level == 1 && h == "Global Flags")
		if (skip) return
		if (level == 0) {
			if (h == "Usage") h = "SYNOPSIS"
			print ".SH \"" toupper(h) "\""
		} else {
			print ".PP"
			print ".B \"" h ":\""
		}
		print ".nf"
		inblock = 1
	}
	/^Usage of .*:$/ { heading(level == 0 ? "OPTIONS" : "Options"); next }
	/^[A-Z][A-Za-z ]*:$/ { sub(/:$/, ""); heading($0); next }
	{
		if (skip) next
		if (inblock) {
			if ($0 ~ /^[^ \t]/) {
				print ".fi"
				inblock = 0
				blanks = 0
			} else if ($0 ~ /^[ \t]*$/) {
				# Kept only if more of the block follows.
				blanks++
				next
			} else {
				for (; blanks > 0; blanks--) print ""
				sub(/^  /, "")
				print esc($0)
				next
			}
		}
		if ($0 ~ /^[ \t]*$/) { if (started) para = 1; next }
		if (level == 0 && !headed && !started) print ".SH DESCRIPTION"
		if (para) { print ".PP"; para = 0 }
		started = 1
		print esc($0)
	}
	END { if (inblock) print ".fi" }
	'
}

upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
# The help text has arrows and dashes: the first line tells man (preconv)
# the page is UTF-8.
printf '.\\" -*- coding: UTF-8 -*-\n'
printf '.TH "%s" "%s" "" "nix-humanity %s" "nix-humanity manual"\n' "$upper" "$section" "$version"
printf '.SH NAME\n%s \\- %s\n' "$name" "$summary"
printf '%s\n' "$main_help" | render 0

# commands_of HELP: the commands a help text lists under "Available
# Commands:", but help and completion.
commands_of() {
	printf '%s\n' "$1" | awk '
	/^Available Commands:$/ { on = 1; next }
	on && /^[^ ]/ { on = 0 }
	on && /^  [a-z][a-z0-9-]* / { print $1 }
	' | grep -v -x -e help -e completion || true
}

commands=$(commands_of "$main_help")

if [ -n "$commands" ]; then
	printf '.SH COMMANDS\n'
	for c in $commands; do
		sub_help=$("$prog" "$c" --help 2>&1)
		printf '.SS "%s %s"\n' "$name" "$c"
		printf '%s\n' "$sub_help" | render 1
		# A command's own commands (ask-nix index update, generations
		# diff) get a subsection each, with their flags.
		for s in $(commands_of "$sub_help"); do
			printf '.SS "%s %s %s"\n' "$name" "$c" "$s"
			"$prog" "$c" "$s" --help 2>&1 | render 1
		done
	done
fi

printf '.SH "SEE ALSO"\n'
case $name in
ask-nix) printf '.BR nix-humanityd (8),\n.BR nixos-rebuild (8)\n' ;;
*) printf '.BR ask-nix (1),\n.BR nixos-rebuild (8)\n' ;;
esac
