package catalog

import (
	"math/rand"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// TestLoadMutations damages a small index the ways disks and bugs do
// (flipped bytes, wild offsets, off-by-some lengths) and runs every
// query on whatever still loads: the fuzz target's job, done
// deterministically on every test run.
func TestLoadMutations(t *testing.T) {
	img, err := Build([]source.Package{
		{Attr: "firefox", Pname: "firefox", Version: "1", Description: "Web browser", MainProgram: "firefox"},
		{Attr: "ripgrep", Pname: "ripgrep", Version: "14", Description: "Fast grep", MainProgram: "rg"},
		{Attr: "python313Packages.requests", Pname: "requests", Version: "2", Description: "HTTP"},
	}, []source.Option{
		{Name: "services.openssh.enable", Loc: []string{"services", "openssh", "enable"}, Type: "boolean"},
		{Name: "users.users.<name>.shell", Loc: []string{"users", "users", "<name>", "shell"}, Type: "path"},
	}, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	vals := []uint32{0, 1, 0x7fffffff, 0xffffffff, 0x80000000, 0x40000000, 0xffff, 0x10000}
	loaded := 0
	for i := 0; i < 20000; i++ {
		b := append([]byte(nil), img...)
		for k := 0; k < 1+r.Intn(4); k++ {
			o := r.Intn(len(b)-4) &^ 3
			switch r.Intn(3) {
			case 0:
				b[r.Intn(len(b))] = byte(r.Intn(256))
			case 1:
				le.PutUint32(b[o:], vals[r.Intn(len(vals))])
			case 2:
				le.PutUint32(b[o:], le.Uint32(b[o:])+uint32(r.Intn(64))-32)
			}
		}
		ix, err := Load(b)
		if err != nil {
			continue
		}
		loaded++
		for _, q := range []string{"firefox", "e", "firefx", "python313Packages.requests"} {
			ix.Search(q, 5)
			ix.Package(q)
		}
		ix.Option("services.openssh.enable")
		ix.LookupOption("users.users.alice.shell")
		ix.SuggestOptions("services.opensh.enable", 3)
		ix.EnableOption("ssh")
		ix.ModuleOption("steam")
		ix.allPackages()
		ix.allOptions()
	}
	if loaded < 1000 {
		t.Errorf("only %d of 20000 damaged files loaded: the test exercises too little", loaded)
	}
}
