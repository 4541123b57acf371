package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.devlink.DevlinkPort;
import io.vfmigrate.workflow.VfPark;
import io.vfmigrate.workflow.prepare.Step.UndoOutcome;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The preparation steps of the procedure (steps 1-5, and the firmware prerequisite). */
final class Steps {
  private Steps() {}

  private static String cmd(String... argv) {
    return ShellQuoting.join(List.of(argv));
  }

  static String numVfsPath(PciAddress pf) {
    return "/sys/bus/pci/devices/" + pf + "/sriov_numvfs";
  }

  /** Sets VF_MIGRATION_MODE=2 for the next boot. */
  record EnableMigrationMode(PciAddress pf, OptionalInt previousNext) implements Step {
    @Override
    public String description() {
      return "enable VF migration in the NIC firmware (VF_MIGRATION_MODE=2, active after reboot)";
    }

    @Override
    public String command() {
      return cmd("mstconfig", "-y", "-d", pf.toString(), "set", "VF_MIGRATION_MODE=2");
    }

    @Override
    public String undoDescription() {
      return "restore VF_MIGRATION_MODE for the next boot";
    }

    @Override
    public String undoCommand() {
      return previousNext.isPresent() && previousNext.getAsInt() != 2
          ? cmd(
              "mstconfig",
              "-y",
              "-d",
              pf.toString(),
              "set",
              "VF_MIGRATION_MODE=" + previousNext.getAsInt())
          : "";
    }

    @Override
    public void apply(HostTools t) {
      t.mstconfig().set(pf, "VF_MIGRATION_MODE", 2);
    }

    @Override
    public void undo(HostTools t) {
      if (previousNext.isPresent() && previousNext.getAsInt() != 2) {
        t.mstconfig().set(pf, "VF_MIGRATION_MODE", previousNext.getAsInt());
      }
    }
  }

  /** Puts the embedded switch into the given mode. */
  record SetEswitchMode(PciAddress pf, String mode, String previous) implements Step {
    @Override
    public String description() {
      return "put the NIC's embedded switch in " + mode + " mode";
    }

    @Override
    public String command() {
      return cmd("devlink", "dev", "eswitch", "set", pf.devlinkHandle(), "mode", mode);
    }

    @Override
    public String undoDescription() {
      return "put the NIC's embedded switch in " + previous + " mode";
    }

    @Override
    public String undoCommand() {
      return cmd("devlink", "dev", "eswitch", "set", pf.devlinkHandle(), "mode", previous);
    }

    @Override
    public void apply(HostTools t) {
      t.devlink().setEswitchMode(pf, mode);
    }

    @Override
    public void undo(HostTools t) {
      t.devlink().setEswitchMode(pf, previous);
    }
  }

  /** Writes {@code sriov_numvfs}. */
  record WriteNumVfs(PciAddress pf, int count, int previous) implements Step {
    @Override
    public String description() {
      return count == 0
          ? "remove the existing VFs (the kernel demands 0 before a new count)"
          : "create " + count + (count == 1 ? " VF" : " VFs");
    }

    @Override
    public String command() {
      return "echo " + count + " > " + numVfsPath(pf);
    }

    @Override
    public String undoDescription() {
      return previous == 0
          ? "remove the VFs"
          : "restore " + previous + (previous == 1 ? " VF" : " VFs");
    }

    @Override
    public String undoCommand() {
      return previous == 0
          ? "echo 0 > " + numVfsPath(pf)
          : "echo 0 > " + numVfsPath(pf) + "; echo " + previous + " > " + numVfsPath(pf);
    }

    @Override
    public void apply(HostTools t) {
      t.sysfs().setNumVfs(pf, count);
    }

    @Override
    public void undo(HostTools t) {
      t.sysfs().setNumVfs(pf, 0);
      if (previous > 0) {
        t.sysfs().setNumVfs(pf, previous);
      }
    }
  }

  /**
   * Detaches VF {@code index} from its host driver onto pci-stub, as the procedure's step 3 does:
   * with {@code virsh nodedev-detach --driver pci-stub} where libvirt binds a driver given by name
   * (9.7 and later), else ({@code bySysfs}: libvirt before 9.7 refuses it with "unknown driver name
   * 'pci-stub'") through sysfs as later libvirt does it; see {@link VfPark}.
   */
  record DetachVf(PciAddress pf, int index, PciAddress predicted, boolean bySysfs) implements Step {
    @Override
    public String description() {
      return "detach VF "
          + index
          + " ("
          + predicted
          + ") from its host driver"
          + (bySysfs
              ? " (through sysfs: this libvirt refuses 'nodedev-detach --driver pci-stub' with"
                  + " \"unknown driver name\"; 9.7 and later accept it)"
              : "");
    }

    @Override
    public String command() {
      return VfPark.command(predicted, bySysfs);
    }

    @Override
    public String undoDescription() {
      return "re-attach VF " + predicted + " to its host driver";
    }

    @Override
    public String undoCommand() {
      String reattach = cmd("virsh", "nodedev-reattach", predicted.nodedevName());
      return bySysfs
          ? "echo > /sys/bus/pci/devices/" + predicted + "/driver_override; " + reattach
          : reattach;
    }

    @Override
    public void apply(HostTools t) {
      VfPark.park(t.virsh(), t.sysfs(), vf(t, pf, index), bySysfs);
    }

    @Override
    public void undo(HostTools t) {
      PciAddress vf = vf(t, pf, index);
      if (bySysfs) {
        t.sysfs().clearOverride(vf);
      }
      t.virsh().nodedevReattach(vf);
    }
  }

  /** Marks VF {@code index} migratable through its devlink port, looked up by vfnum. */
  record SetMigratable(PciAddress pf, int index, String predictedHandle, boolean enable)
      implements Step {
    @Override
    public String description() {
      return (enable ? "mark" : "unmark")
          + " VF "
          + index
          + " migratable (devlink port of vfnum "
          + index
          + ")";
    }

    @Override
    public String command() {
      return cmd(
          "devlink",
          "port",
          "function",
          "set",
          predictedHandle,
          "migratable",
          enable ? "enable" : "disable");
    }

    @Override
    public String undoDescription() {
      return (enable ? "unmark" : "mark")
          + " VF "
          + index
          + " migratable (devlink port of vfnum "
          + index
          + ")";
    }

    @Override
    public String undoCommand() {
      return cmd(
          "devlink",
          "port",
          "function",
          "set",
          predictedHandle,
          "migratable",
          enable ? "disable" : "enable");
    }

    @Override
    public void apply(HostTools t) {
      t.devlink().setMigratable(port(t, pf, index), enable);
    }

    @Override
    public void undo(HostTools t) {
      t.devlink().setMigratable(port(t, pf, index), !enable);
    }
  }

  /** Starts (or stops) a systemd unit. */
  record StartService(String unit) implements Step {
    @Override
    public String description() {
      return "start " + unit;
    }

    @Override
    public String command() {
      return cmd("systemctl", "start", unit);
    }

    @Override
    public String undoDescription() {
      return "stop " + unit + " (no bridge left)";
    }

    @Override
    public String undoCommand() {
      return cmd("systemctl", "stop", unit);
    }

    @Override
    public void apply(HostTools t) {
      t.systemctl().start(unit);
    }

    @Override
    public void undo(HostTools t) {
      t.systemctl().stop(unit);
    }
  }

  /**
   * Restarts a unit so that a changed setting takes effect. A restart cannot be undone: the undo of
   * the setting restarts the unit again where that is needed ({@link RestartedOnUndo}); {@code
   * outcome} says what a rollback leaves when the restart applied a setting this run did not make.
   */
  record RestartService(String unit, String why, Optional<UndoOutcome> outcome) implements Step {
    RestartService(String unit, String why) {
      this(unit, why, Optional.empty());
    }

    @Override
    public Optional<UndoOutcome> undoOutcome() {
      return outcome;
    }

    @Override
    public String description() {
      return "restart " + unit + " " + why;
    }

    @Override
    public String command() {
      return cmd("systemctl", "restart", unit);
    }

    @Override
    public String undoDescription() {
      return "nothing to undo for a restart of " + unit;
    }

    @Override
    public String undoCommand() {
      return "";
    }

    @Override
    public void apply(HostTools t) {
      t.systemctl().restart(unit);
    }

    @Override
    public void undo(HostTools t) {
      // Nothing restarts a daemon back into its old state; see RestartedOnUndo.
    }
  }

  /**
   * A setting the running daemon applies at once but drops only when it restarts (Open vSwitch's
   * hw-offload: ovs-vswitchd turns offload on as soon as it reads hw-offload=true, and off only by
   * restarting, lib/netdev-offload.c). Its undo restores the setting, then restarts {@code unit} so
   * that the daemon runs as it did before the run.
   */
  record RestartedOnUndo(Step setting, String unit, UndoOutcome outcome) implements Step {
    @Override
    public String description() {
      return setting.description();
    }

    @Override
    public String command() {
      return setting.command();
    }

    @Override
    public void apply(HostTools t) {
      setting.apply(t);
    }

    @Override
    public String undoDescription() {
      return setting.undoDescription() + ", then restart " + unit + " so that it takes effect";
    }

    @Override
    public String undoCommand() {
      return setting.undoCommand() + "; " + cmd("systemctl", "restart", unit);
    }

    @Override
    public void undo(HostTools t) {
      setting.undo(t);
      t.systemctl().restart(unit);
    }

    @Override
    public Optional<UndoOutcome> undoOutcome() {
      return Optional.of(outcome);
    }
  }

  /** Sets one key of Open_vSwitch other_config. */
  record SetOtherConfig(String key, String value, Optional<String> previous, String why)
      implements Step {
    @Override
    public String description() {
      return "set Open vSwitch " + key + "=" + value + " (" + why + ")";
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "set", "Open_vSwitch", ".", "other_config:" + key + "=" + value);
    }

    @Override
    public String undoDescription() {
      return previous.isPresent()
          ? "set Open vSwitch " + key + "=" + previous.get()
          : "remove Open vSwitch " + key + "=" + value;
    }

    @Override
    public String undoCommand() {
      return previous.isPresent()
          ? cmd(
              "ovs-vsctl", "set", "Open_vSwitch", ".", "other_config:" + key + "=" + previous.get())
          : cmd("ovs-vsctl", "remove", "Open_vSwitch", ".", "other_config", key);
    }

    @Override
    public void apply(HostTools t) {
      t.ovs().setOtherConfig(key, value);
    }

    @Override
    public void undo(HostTools t) {
      if (previous.isPresent()) {
        t.ovs().setOtherConfig(key, previous.get());
      } else {
        t.ovs().removeOtherConfig(key);
      }
    }
  }

  /** Creates the Open vSwitch bridge. */
  record AddBridge(String bridge) implements Step {
    @Override
    public String description() {
      return "create the Open vSwitch bridge " + bridge;
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "--may-exist", "add-br", bridge);
    }

    @Override
    public String undoDescription() {
      return "remove the Open vSwitch bridge " + bridge;
    }

    @Override
    public String undoCommand() {
      return cmd("ovs-vsctl", "--if-exists", "del-br", bridge);
    }

    @Override
    public void apply(HostTools t) {
      t.ovs().addBridge(bridge);
    }

    @Override
    public void undo(HostTools t) {
      t.ovs().deleteBridge(bridge);
    }
  }

  /**
   * Adds a port to the bridge and makes sure Open vSwitch could open its netdev: {@code add-port}
   * of a missing device succeeds but leaves the interface with an error and ofport -1.
   */
  record AddPort(String bridge, String what, String predictedName, Function<HostTools, String> name)
      implements Step {
    @Override
    public String description() {
      return "add " + what + " to " + bridge;
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "--may-exist", "add-port", bridge, predictedName);
    }

    @Override
    public String undoDescription() {
      return "remove port " + predictedName + " from " + bridge;
    }

    @Override
    public String undoCommand() {
      return cmd("ovs-vsctl", "--if-exists", "del-port", bridge, predictedName);
    }

    @Override
    public void apply(HostTools t) {
      String port = name.apply(t);
      t.ovs().addPort(bridge, port);
      Optional<String> error = t.ovs().interfaceError(port);
      if (error.isPresent() || t.ovs().ofport(port) < 0) {
        t.ovs().deletePort(bridge, port);
        throw new NotReadyException(
            "Open vSwitch added port "
                + port
                + " to "
                + bridge
                + " but cannot use it: "
                + error.orElse("ofport -1"),
            "check that the netdev " + port + " exists (ip link show " + port + ")");
      }
    }

    @Override
    public void undo(HostTools t) {
      t.ovs().deletePort(bridge, name.apply(t));
    }
  }

  static PciAddress vf(HostTools t, PciAddress pf, int index) {
    List<PciAddress> vfs = t.sysfs().virtualFunctions(pf);
    if (index >= vfs.size()) {
      throw new NotReadyException(
          "VF " + index + " of " + pf + " does not exist (" + vfs.size() + " VFs).",
          "vfmigrate prepare --host " + t.hostName() + " --vfs " + (index + 1));
    }
    return vfs.get(index);
  }

  static DevlinkPort port(HostTools t, PciAddress pf, int index) {
    return t.devlink()
        .vfPort(pf, index)
        .orElseThrow(
            () ->
                new NotReadyException(
                    "devlink shows no port for VF "
                        + index
                        + " of "
                        + pf
                        + " (VF ports exist only in switchdev mode).",
                    "devlink dev eswitch set " + pf.devlinkHandle() + " mode switchdev"));
  }

  static String representor(HostTools t, PciAddress pf, int index) {
    return port(t, pf, index)
        .netdev()
        .orElseThrow(
            () ->
                new NotReadyException(
                    "The devlink port of VF " + index + " has no representor netdev.",
                    "check 'devlink port show' on " + t.hostName()));
  }

  static String uplink(HostTools t, PciAddress pf) {
    return t.devlink().ports().stream()
        .filter(p -> p.device().equals(pf) && "physical".equals(p.flavour()))
        .map(DevlinkPort::netdev)
        .flatMap(Optional::stream)
        .findFirst()
        .orElseThrow(
            () ->
                new NotReadyException(
                    "devlink shows no uplink netdev for " + pf + ".",
                    "check 'devlink port show " + pf.devlinkHandle() + "/65535'"));
  }
}
