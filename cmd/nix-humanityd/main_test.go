package main

import (
	"os"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
)

func TestMain(m *testing.M) {
	testbin.ClearSettingsEnv()
	os.Exit(m.Run())
}
