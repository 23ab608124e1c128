package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// flakeNotes checks the one way a written fragment can go unseen: a flake
// in a git repository only sees files git tracks. With GitAdd it adds the
// fragment; otherwise it says how.
func (s *Store) flakeNotes(ctx context.Context) []string {
	dir := filepath.Dir(s.Fragment)
	if _, err := os.Stat(filepath.Join(dir, "flake.nix")); err != nil {
		return nil
	}
	if !inGitRepo(dir) {
		return nil
	}
	base := filepath.Base(s.Fragment)
	fix := fmt.Sprintf("run `git -C %s add %s` or pass --git-add", shellword.Quote(dir), shellword.Quote(base))
	if s.Runner == nil {
		return nil
	}
	if _, err := s.lookPath("git"); err != nil {
		return []string{fmt.Sprintf("%s is a flake in a git repository, and Nix only sees files git tracks; git is not on PATH, so ask-nix could not check that %s is tracked (if it is not, %s)", dir, base, fix)}
	}
	_, err := s.Runner.Run(ctx, nixrun.Cmd{Argv: []string{"git", "-C", dir, "ls-files", "--error-unmatch", "--", base}})
	if err == nil {
		return nil
	}
	var ee *nixrun.ExitError
	if errors.As(err, &ee) && strings.Contains(string(ee.Stderr), "dubious ownership") {
		// A member of the group editing root's /etc/nixos: git reads no
		// repository another user owns, unless told to trust it.
		return []string{fmt.Sprintf("git does not read %s for you, as another user owns it (git's safe.directory check), so ask-nix could not check that %s is tracked (the flake only sees tracked files); it is once it was added with git. "+
			"To let git read it for you: git config --global --add safe.directory %s", dir, base, shellword.Quote(dir))}
	}
	if !errors.As(err, &ee) || ee.ExitCode != 1 {
		return []string{fmt.Sprintf("could not check whether git tracks %s (the flake in %s only sees tracked files): %v", s.Fragment, dir, err)}
	}
	if !s.GitAdd {
		return []string{fmt.Sprintf("%s is a flake in a git repository, and Nix only sees files git tracks: %s is untracked, so the system build will not see this change; %s", dir, base, fix)}
	}
	if _, err := s.Runner.Run(ctx, nixrun.Cmd{Argv: []string{"git", "-C", dir, "add", "--", base}}); err != nil {
		return []string{fmt.Sprintf("git add %s failed, so the flake in %s will not see it: %v", base, dir, err)}
	}
	return []string{fmt.Sprintf("added %s to git in %s, so the flake sees it", base, dir)}
}

// inGitRepo reports whether dir or a parent holds .git.
func inGitRepo(dir string) bool {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}
