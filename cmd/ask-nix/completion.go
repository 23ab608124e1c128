package main

import (
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// setCompletions makes a shell complete what each command takes: no
// command's words are file names (a shell's default), so those without
// a completion of their own complete nothing; generation numbers after
// rollback --to and generations diff, edit numbers after diff, and the
// commands after help.
func setCompletions(g *globals, root, help *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.ValidArgsFunction == nil {
				sub.ValidArgsFunction = cobra.NoFileCompletions
			}
			walk(sub)
		}
	}
	walk(root)
	find := func(path ...string) *cobra.Command {
		c, rest, err := root.Find(path)
		if err != nil || len(rest) > 0 || c == root {
			panic("setCompletions: no command " + path[len(path)-1])
		}
		return c
	}
	gens := func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return generationNumbers(g), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
	_ = find("rollback").RegisterFlagCompletionFunc("to", gens)
	find("generations", "diff").ValidArgsFunction = func(c *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= 2 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return gens(c, args, s)
	}
	find("diff").ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return editNumbers(g), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
	for _, f := range []struct{ cmd, flag string }{{"gc", "keep"}, {"gc", "older-than"}, {"rollback", "before"}, {"search", "limit"}} {
		_ = find(f.cmd).RegisterFlagCompletionFunc(f.flag, cobra.NoFileCompletions)
	}
	help.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		c, rest, err := root.Find(args)
		if err != nil || len(rest) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && sub.Name() != "help" {
				names = append(names, sub.Name()+"\t"+sub.Short)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// generationNumbers are the profile's generations, newest first, the
// current one said so; none when the profile cannot be read.
func generationNumbers(g *globals) []string {
	s, err := g.Settings()
	if err != nil {
		return nil
	}
	l, err := generation.ReadLinks(s.Profile)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range slices.Backward(l.Numbers) {
		c := strconv.Itoa(n)
		if n == l.Current {
			c += "\tcurrent"
		}
		out = append(out, c)
	}
	return out
}

// editNumbers are the history's edits, newest first, with their
// summaries; none when the history cannot be read.
func editNumbers(g *globals) []string {
	s, err := g.Settings()
	if err != nil {
		return nil
	}
	es, err := txn.HistoryIn(s.StateDir).Entries()
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range slices.Backward(es) {
		out = append(out, strconv.Itoa(e.Edit)+"\t"+termtext.Line(e.Summary))
	}
	return out
}
