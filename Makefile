# nix-humanity. `make demo` runs the playground; `make test` runs the tests.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
# On a machine without NixOS (Debian's nix-bin, as root, offline) Nix needs
# these settings; a NixOS machine keeps its own.
ifeq ($(wildcard /etc/NIXOS),)
export NIX_CONFIG ?= build-users-group =$(NEWLINE)substituters =$(NEWLINE)sandbox = false$(NEWLINE)experimental-features = nix-command flakes
endif
define NEWLINE


endef

GO ?= go
BIN := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/nix-humanity/nix-humanity/internal/version.Version=$(VERSION)

.PHONY: all build test lint fuzz bench demo setup clean

all: build

setup:
	@.ci/setup

build:
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/ ./cmd/...

# CI runs exactly this (.ci/run): the lint gate, then every test, with real
# Nix (tests that need Nix fail, never skip, without it).
test: setup lint
	$(GO) test -count=1 -timeout 30m ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

FUZZTIME ?= 20s
# Shrinking a new interesting input may otherwise take a minute of the
# run, leaving a few inputs fuzzed.
FUZZMINTIME ?= 3s
# A target is run a second time when it fails: Go's fuzzer now and then
# ends a clean run with "context deadline exceeded" and no input saved
# (golang/go#75804), while a real failure saves its input under
# testdata/fuzz, which the second run reads first and fails on again.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo ">> $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$pkg || \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$pkg || exit 1; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The main job on a machine without NixOS: a playground folder with a
# stand-in NixOS system, real Nix for everything else.
demo: setup build
	@BIN=$(BIN) nixmodule/playground/demo.sh

clean:
	rm -rf $(BIN)
