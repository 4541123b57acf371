package io.vfmigrate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The part of {@link CdsTraining} that takes a real host's road: an inventory of two {@code local}
 * hosts with the scratch lab's emulated NICs, a {@code check} and a {@code migrate} of vm1 through
 * it (the inventory's YAML mapping, the journal in SQLite, processes started by {@code LocalHost},
 * the guards' concurrent reads). {@code lab demo} never takes that road, and without it those
 * classes are loaded from the jar and verified at every start of a command on real hosts.
 *
 * <p>Nothing on the machine is asked: the hosts' PATH is a scratch directory whose {@code virsh},
 * {@code ovs-vsctl}, {@code ip}, ... only say they cannot connect and fail, so the guards refuse
 * the migration before anything could change (a missing program would be looked up in this
 * process's own PATH and could reach a real libvirt).
 */
final class RealHostTraining {
  /** Every program the workflows start on a host that its emulated NIC does not answer. */
  private static final List<String> STUBS =
      List.of(
          "virsh",
          "ovs-vsctl",
          "ovs-appctl",
          "ovs-vswitchd",
          "ip",
          "ping",
          "systemctl",
          "modprobe",
          "modinfo",
          "lsmod",
          "firewall-cmd",
          "dpkg-query",
          "rpm",
          "uname",
          "cat",
          "ls",
          "mkdir",
          "rm",
          "mv",
          "tee",
          "sh",
          "bash",
          "sysctl",
          "ssh",
          "qemu-img",
          "timeout",
          "sleep",
          "test",
          "true",
          "readlink",
          "stat",
          "flock");

  private RealHostTraining() {}

  /**
   * Runs the commands with the scratch lab of {@code home}; what they print goes to {@code out}.
   */
  static int run(Path home, PrintStream out, Map<String, String> env) throws IOException {
    Path bin = Files.createDirectories(home.resolve("training-bin"));
    for (String name : STUBS) {
      Path stub = bin.resolve(name);
      // Each call is logged beside the stubs (the test reads it), then fails as virsh without
      // libvirt would.
      Files.writeString(
          stub,
          "#!/bin/sh\necho \"$0 $*\" >> \""
              + bin.resolve("calls.log")
              + "\"\necho \"error: failed to connect to the hypervisor\" >&2\nexit 1\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path inventory = home.resolve("training-inventory.yaml");
    StringBuilder yaml = new StringBuilder("hosts:\n");
    for (String host : List.of("src", "dst")) {
      yaml.append("  ")
          .append(host)
          .append(":\n    ssh: local\n    address: 127.0.0.1\n    pf: 0000:e1:00.0\n")
          .append("    libvirt_uri: qemu:///system\n    migrate_uri: tcp://127.0.0.1:49152\n")
          .append("    bridge: br-vf\n    emulated_hardware: ")
          .append(host)
          .append("\n    env:\n      PATH: \"")
          .append(bin)
          .append("\"\n");
    }
    Files.writeString(inventory, yaml);
    String inv = inventory.toString();
    Main.run(new String[] {"check", "--inventory", inv, "--vm", "vm1"}, out, out, env);
    int migrate =
        Main.run(
            new String[] {"migrate", "vm1", "--from", "src", "--to", "dst", "--inventory", inv},
            out,
            out,
            env);
    Main.run(new String[] {"list", "--inventory", inv}, out, out, env);
    Main.run(new String[] {"history"}, out, out, env);
    return migrate;
  }
}
