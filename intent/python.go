package intent

import (
	"strings"
)

// PythonNote says what installing Python libraries as packages does not
// do: python3Packages.numpy in environment.systemPackages is on the
// system, but python3 cannot import it, which only a Python built with
// it (python3.withPackages) can. The fragment holds no functions, so
// ask-nix cannot write that one; the note says where to. pkgs are
// attribute paths as an install names them; "" when none is in a Python
// package set (python3Packages, python312Packages, pythonPackages).
func PythonNote(pkgs []string) string {
	type set struct {
		python string
		libs   []string
		attrs  []string
	}
	var sets []*set
	for _, p := range pkgs {
		head, lib, ok := strings.Cut(p, ".")
		ver, isSet := strings.CutSuffix(head, "Packages")
		if !ok || !isSet || !strings.HasPrefix(ver, "python") || strings.Trim(ver[len("python"):], "0123456789") != "" || lib == "" {
			continue
		}
		var s *set
		for _, o := range sets {
			if o.python == ver {
				s = o
			}
		}
		if s == nil {
			s = &set{python: ver}
			sets = append(sets, s)
		}
		s.libs = append(s.libs, lib)
		s.attrs = append(s.attrs, p)
	}
	var notes []string
	for _, s := range sets {
		what, is, them := s.attrs[0], "is", s.libs[0]
		if len(s.attrs) > 1 {
			what = strings.Join(s.attrs[:len(s.attrs)-1], ", ") + " and " + s.attrs[len(s.attrs)-1]
			is, them = "are", "them"
		}
		ps := make([]string, len(s.libs))
		for i, l := range s.libs {
			ps[i] = "ps." + l
		}
		notes = append(notes, what+" in systemPackages "+is+" not importable by "+s.python+
			"; for a Python with "+them+", put ("+s.python+".withPackages (ps: [ "+strings.Join(ps, " ")+" ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)")
	}
	return strings.Join(notes, "; ")
}
