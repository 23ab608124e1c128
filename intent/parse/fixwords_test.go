package parse

import "testing"

// TestFixWordsFromTables: the words a misspelling is put right to are
// the rules' own: each word of these tables (long enough for typo to
// put right to) is one, so a word a rule learns is suggested for its
// typos with no second list to keep in step.
func TestFixWordsFromTables(t *testing.T) {
	loadFixWords()
	tables := map[string]map[string]bool{
		"sleepWords": sleepWords, "unfreeWords": unfreeWords, "updateSources": updateSources,
		"gcVocab": gcVocab, "switchGenVocab": switchGenVocab, "editorVocab": editorVocab,
		"dnsVocab": dnsVocab, "scheduleUpgradeWords": scheduleUpgradeWords,
	}
	for _, b := range bags {
		tables[string(b.kind)+" bag"] = b.vocab
	}
	named := map[string]bool{}
	for _, ns := range namedSettings {
		for _, p := range ns.words {
			for _, w := range p {
				named[w] = true
			}
		}
	}
	tables["namedSettings"] = named
	services := map[string]bool{}
	for _, s := range serviceTable {
		for _, n := range s.names {
			services[n] = true // one-word names; the others are skipped below
		}
	}
	tables["serviceTable"] = services
	checked := 0
	for name, m := range tables {
		for w, in := range m {
			if !in || len(w) < 4 || !lettersOnly(w) || stopwords[w] {
				continue
			}
			checked++
			if !fixNouns[w] {
				t.Errorf("%s's %q is no word a misspelling is put right to", name, w)
			}
		}
	}
	verbs := map[string]bool{}
	for _, ps := range [][]phrase{installLead, removeLead, searchLead, enableLead, disableLead, setVerbs, unsetVerbs} {
		for _, p := range ps {
			verbs[p[0]] = true
		}
	}
	for _, b := range bags {
		for _, tr := range b.triggers {
			verbs[tr[0]] = true
		}
	}
	for w := range verbs {
		if len(w) < 4 || !lettersOnly(w) || stopwords[w] {
			continue
		}
		checked++
		if !fixVerbs[w] {
			t.Errorf("the verb %q is no word a misspelt first word is put right to", w)
		}
	}
	if checked < 300 {
		t.Errorf("only %d words checked: the tables were not read", checked)
	}
}
