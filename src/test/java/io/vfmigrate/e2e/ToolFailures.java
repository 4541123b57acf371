package io.vfmigrate.e2e;

import io.vfmigrate.lab.machine.migration.MigrationTarget;
import java.util.List;

/**
 * How each tool the procedure runs fails for real: its exit code and its own error text (from
 * tool-formats: virsh's {@code error:} lines, devlink's extack and {@code kernel answers:},
 * ovs-vsctl's prefix, systemd's job failure, mstflint's {@code -E-}, kmod's and coreutils'
 * messages). A sysfs write fails with the errno bash shows after {@code write error:}.
 */
final class ToolFailures {
  private ToolFailures() {}

  record Failure(int exitCode, String stderr) {}

  static Failure of(VerboseCommands.Exec exec) {
    if (exec.writePath() != null) {
      // drivers/pci/iov.c sriov_numvfs_store: the PF driver could not enable the VFs.
      return new Failure(1, "Cannot allocate memory");
    }
    List<String> argv = exec.argv();
    return switch (exec.program()) {
      case "virsh" -> virsh(argv);
      case "devlink" -> devlink(argv);
      case "ovs-vsctl" ->
          new Failure(
              1,
              "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed"
                  + " (Connection refused)\n");
      case "systemctl" -> systemctl(argv);
      case "mstflint" ->
          new Failure(
              1,
              "-E- Cannot open Device: "
                  + argv.get(argv.indexOf("-d") + 1)
                  + ". No such file or directory. MFE_CR_ERROR\n");
      case "mstconfig" -> new Failure(3, "-E- Failed to open the device\n");
      case "modinfo" ->
          new Failure(1, "modinfo: ERROR: Module " + argv.get(argv.size() - 1) + " not found.\n");
      case "uname" -> new Failure(1, "uname: cannot get system name: Operation not permitted\n");
      case "stat" ->
          new Failure(
              1,
              "stat: cannot read file system information for '"
                  + argv.get(argv.size() - 1)
                  + "': No such file or directory\n");
      default ->
          throw new AssertionError(
              "no real failure known for " + exec + ": add the tool's error text here");
    };
  }

  private static Failure virsh(List<String> argv) {
    if (argv.contains("qemu-agent-command")) {
      // libvirt qemu_agent.c: the agent's channel is not connected.
      return new Failure(
          1, "error: Guest agent is not responding: QEMU guest agent is not connected\n");
    }
    int uri = argv.indexOf("-c");
    if (uri > 0 && argv.get(uri + 1).startsWith("qemu+ssh://")) {
      return new Failure(
          1,
          "error: failed to connect to the hypervisor\n"
              + "error: Cannot recv data: virt-ssh-helper: cannot connect to '"
              + MigrationTarget.DAEMON_SOCKET
              + "': "
              + MigrationTarget.localDaemonDown()
              + ": Connection reset by peer\n");
    }
    return new Failure(
        1,
        "error: failed to connect to the hypervisor\nerror: "
            + MigrationTarget.localDaemonDown()
            + "\n");
  }

  private static Failure devlink(List<String> argv) {
    if (argv.contains("eswitch") && argv.contains("set")) {
      return new Failure(
          1,
          "Error: mlx5_core: Can't change mode, E-Switch is busy.\n"
              + "kernel answers: Device or resource busy\n");
    }
    if (argv.contains("migratable")) {
      return new Failure(
          1,
          "Error: mlx5_core: Failed setting HCA migratable cap.\n"
              + "kernel answers: Input/output error\n");
    }
    return new Failure(1, "kernel answers: Device or resource busy\n");
  }

  private static Failure systemctl(List<String> argv) {
    String verb = argv.get(1);
    if (verb.equals("start") || verb.equals("restart")) {
      String unit = argv.get(2) + ".service";
      return new Failure(
          1,
          "Job for "
              + unit
              + " failed because the control process exited with error code.\n"
              + "See \"systemctl status "
              + unit
              + "\" and \"journalctl -xeu "
              + unit
              + "\" for details.\n");
    }
    return new Failure(1, "Failed to connect to bus: No such file or directory\n");
  }
}
