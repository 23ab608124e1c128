# Flake check `vm-test`, the release gate: a NixOS VM with the module on.
# `ask-nix -y "install hello"` edits the fragment, the daemon builds and
# switches, hello runs from /run/current-system/sw/bin, `ask-nix rollback`
# takes it away again, and /metrics answers. It needs KVM and nixpkgs, so
# it runs with `nix flake check` (or
# `nix build .#checks.x86_64-linux.vm-test -L`) on a NixOS or Linux machine,
# not in this repository's CI.
{
  pkgs,
  module,
  package,
}:
let
  machine = ./tests/vm-machine.nix;

  # /etc/nixos/configuration.nix inside the VM: the test node's own
  # configuration (the modules the test framework adds, the module from
  # the store, the same machine) plus the managed fragment, imported as a
  # user would import it.
  configuration = pkgs.writeText "configuration.nix" ''
    { modulesPath, ... }:
    {
      imports = [
        (modulesPath + "/virtualisation/qemu-vm.nix")
        (modulesPath + "/testing/test-instrumentation.nix")
        ${../nixmodule/module.nix}
        (import ${machine} {
          package = builtins.storePath "${package}";
          nixpkgsPath = "${pkgs.path}";
        })
        ./nix-humanity.nix
      ];
    }
  '';
in
pkgs.testers.runNixOSTest {
  name = "nix-humanity";

  nodes.machine =
    { pkgs, ... }:
    {
      imports = [
        module
        (import machine {
          inherit package;
          nixpkgsPath = pkgs.path;
        })
        # The node itself imports the fragment as ask-nix creates it.
        ./tests/nix-humanity.nix
      ];

      # The daemon rebuilds this machine offline, so the VM's store holds
      # everything the build needs, and hello.
      system.includeBuildDependencies = true;
      system.extraDependencies = [ pkgs.hello ];
      virtualisation = {
        cores = 2;
        memorySize = 4096;
        diskSize = 8192;
        additionalPaths = [
          configuration
          package
        ];
      };
    };

  testScript = ''
    import re

    machine.start()
    machine.wait_for_unit("multi-user.target")
    machine.wait_for_unit("nix-humanityd.service")

    with subtest("the module set the machine up"):
        machine.succeed("test -f /etc/nixos/nix-humanity.nix")
        machine.succeed("test \"$(stat -c '%a %G' /etc/nixos/nix-humanity.nix)\" = '664 nix-humanity'")
        machine.succeed("test -f /etc/nix-humanity/config.json")
        machine.succeed("ask-nix --help")
        machine.succeed("cp ${configuration} /etc/nixos/configuration.nix")

    # A test VM boots its system without installing it; a real machine has
    # it as generation 1 of the system profile, as nixos-install leaves it.
    machine.succeed("nix-env -p /nix/var/nix/profiles/system --set \"$(readlink -f /run/current-system)\"")
    before = machine.succeed("readlink /nix/var/nix/profiles/system").strip()
    pid = machine.succeed("systemctl show -p MainPID --value nix-humanityd").strip()

    with subtest("ask-nix install: the daemon switches, and hello runs"):
        machine.succeed("ask-nix -y 'install hello' >&2")
        machine.succeed("grep -qw hello /etc/nixos/nix-humanity.nix")
        machine.wait_until_succeeds("test -x /run/current-system/sw/bin/hello", timeout=1800)
        machine.succeed("/run/current-system/sw/bin/hello | grep -q 'Hello, world!'")
        after = machine.succeed("readlink /nix/var/nix/profiles/system").strip()
        assert after != before, f"no new generation: the profile still points at {before}"
        # restartIfChanged = false: the switch the daemon ran did not kill it.
        now = machine.succeed("systemctl show -p MainPID --value nix-humanityd").strip()
        assert now == pid, f"nix-humanityd was restarted by its own switch ({pid} -> {now})"

    with subtest("ask-nix rollback: hello is gone again"):
        machine.succeed("ask-nix -y rollback >&2")
        machine.wait_until_fails("test -e /run/current-system/sw/bin/hello", timeout=600)
        machine.succeed("test \"$(readlink /nix/var/nix/profiles/system)\" = '" + before + "'")

    with subtest("a user in allowedUsers edits without sudo; the system stays root's"):
        # The fragment still asks for hello after the rollback: alice's
        # undo takes root's edit back, and the daemon builds that (the
        # system that runs already: no new generation).
        machine.succeed("su - alice -c 'ask-nix -y undo' >&2")
        machine.succeed("! grep -qw hello /etc/nixos/nix-humanity.nix")
        machine.succeed("su - alice -c 'ask-nix history' | grep -q alice")
        out = machine.fail("su - alice -c 'ask-nix -y rollback' 2>&1")
        assert "sudo ask-nix rollback" in out and "nothing was changed" in out, out
        out = machine.fail("su - bob -c 'ask-nix -y \"install hello\"' 2>&1")
        assert "services.nix-humanity.allowedUsers" in out and "nothing was changed" in out, out
        # Nothing alice's ask-nix made is hers alone: the next member,
        # root and the daemon can all write it.
        machine.succeed("test -n \"$(find /var/lib/nix-humanity -user alice -print -quit)\"")
        machine.succeed("test -z \"$(find /var/lib/nix-humanity /etc/nixos -user alice \\( ! -group nix-humanity -o -perm -g=r ! -perm -g=w \\) -print)\"")
        machine.wait_until_succeeds("ask-nix status | grep -q 'reconciler: idle'", timeout=600)

    with subtest("/metrics, /healthz and /status answer"):
        metrics = machine.succeed("curl -fsS http://127.0.0.1:9090/metrics")
        assert "nix_humanity_build_info" in metrics, metrics
        assert re.search(r'^nix_humanity_reconcile_total\{result="success"\} [1-9]', metrics, re.M), metrics
        assert "nix_humanity_loop_last_progress_timestamp_seconds" in metrics, metrics
        machine.succeed("curl -fsS http://127.0.0.1:9090/healthz")
        machine.succeed("curl -fsS http://127.0.0.1:9090/status")

    with subtest("systemd's watchdog is armed, and a healthy daemon never tripped it"):
        assert machine.succeed("systemctl show -p WatchdogUSec --value nix-humanityd").strip() == "5min"
        assert machine.succeed("systemctl show -p NRestarts --value nix-humanityd").strip() == "0"
        now = machine.succeed("systemctl show -p MainPID --value nix-humanityd").strip()
        assert now == pid, f"nix-humanityd was restarted ({pid} -> {now})"
  '';
}
