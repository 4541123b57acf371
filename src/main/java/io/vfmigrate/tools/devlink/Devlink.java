package io.vfmigrate.tools.devlink;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolRunner;
import java.util.List;
import java.util.Optional;

/** iproute2's devlink: the NIC's eswitch mode, its ports and their migratable attribute. */
public final class Devlink {
  private final ToolRunner runner;

  public Devlink(Host host) {
    this.runner = new ToolRunner(host, "iproute");
  }

  /** {@code devlink -j dev info pci/PF}: driver, PSID and firmware versions. */
  public DevInfo devInfo(PciAddress pf) {
    return DevInfoParser.parse(run(pf, "devlink", "-j", "dev", "info", pf.devlinkHandle()));
  }

  /** {@code devlink -j dev eswitch show pci/PF}. */
  public EswitchInfo eswitch(PciAddress pf) {
    return EswitchParser.parseJson(
        run(pf, "devlink", "-j", "dev", "eswitch", "show", pf.devlinkHandle()));
  }

  /** {@code devlink dev eswitch set pci/PF mode MODE}; setting the current mode is a no-op. */
  public void setEswitchMode(PciAddress pf, String mode) {
    EswitchMode parsed =
        EswitchMode.fromWireName(mode)
            .filter(m -> m != EswitchMode.SWITCHDEV_INACTIVE)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Invalid eswitch mode '" + mode + "'.", "use legacy or switchdev."));
    setEswitchMode(pf, parsed);
  }

  /** {@code devlink dev eswitch set pci/PF mode legacy|switchdev}. */
  public void setEswitchMode(PciAddress pf, EswitchMode mode) {
    run(pf, "devlink", "dev", "eswitch", "set", pf.devlinkHandle(), "mode", mode.wireName());
  }

  /** {@code devlink -j port show}: every port of every devlink device. */
  public List<DevlinkPort> ports() {
    return PortShowParser.parse(run(null, "devlink", "-j", "port", "show"));
  }

  /**
   * The representor port of VF {@code vfnum} on {@code pf}, looked up by its {@code vfnum} (the
   * port index is never computed: mlx5 numbers them {@code (vhca_id << 16) | vport}). Empty when
   * the PF is not in switchdev mode or has no such VF.
   */
  public Optional<DevlinkPort> vfPort(PciAddress pf, int vfnum) {
    return vfPort(ports(), pf, vfnum);
  }

  /** The port of VF {@code vfnum} of {@code pf} among {@code ports} (one {@code port show}). */
  public static Optional<DevlinkPort> vfPort(List<DevlinkPort> ports, PciAddress pf, int vfnum) {
    return ports.stream()
        .filter(p -> p.device().equals(pf) && p.isVf())
        .filter(p -> p.vfnum().isPresent() && p.vfnum().getAsInt() == vfnum)
        .findFirst();
  }

  /** {@code devlink port function set pci/PF/IDX migratable enable|disable}. */
  public void setMigratable(DevlinkPort port, boolean enable) {
    run(
        port.device(),
        "devlink",
        "port",
        "function",
        "set",
        port.handle(),
        "migratable",
        enable ? "enable" : "disable");
  }

  /** The iproute2 version as {@code devlink -V} prints it, e.g. {@code 6.2.0}. */
  public String iproute2Version() {
    return iproute2().raw();
  }

  /** {@code devlink -V}, parsed. */
  public Iproute2Version iproute2() {
    return Iproute2Version.parse(run(null, "devlink", "-V"));
  }

  /**
   * True when this devlink can set {@code migratable} (iproute2 6.2+): {@code devlink port help}
   * prints its usage on stderr, exit 0, and mentions {@code migratable} from 6.2 on (devlink.c
   * {@code cmd_port_help}).
   */
  public boolean supportsMigratable() {
    CommandResult result = runner.runAllowingFailure("devlink", "port", "help");
    String usage = result.stderr() + result.stdout();
    if (!result.succeeded() && !usage.contains("Usage:")) {
      throw failure(result, null);
    }
    return usage.contains("migratable");
  }

  private String run(PciAddress pf, String... argv) {
    CommandResult result = runner.runAllowingFailure(argv);
    if (!result.succeeded()) {
      throw failure(result, pf);
    }
    return result.stdout();
  }

  private DevlinkException failure(CommandResult result, PciAddress pf) {
    DevlinkError error = DevlinkError.parse(result.errorText());
    return new DevlinkException(runner.host().name(), result, error, fixFor(error, pf));
  }

  /** The fix for the errors the procedure meets (tool-formats §2.3, §2.5). */
  static String fixFor(DevlinkError error, PciAddress pf) {
    String dev = pf == null ? "the PF" : pf.toString();
    if (error.mentions("Unknown option \"migratable\"")) {
      return "update iproute to 6.2 or later (dnf update -y iproute); older devlink cannot set"
          + " migratable.";
    }
    if (error.mentions("Failed to connect to devlink Netlink")) {
      return "the kernel has no devlink support; use a kernel of 6.2 or later (6.7 recommended).";
    }
    if (error.mentions("E-Switch is busy")) {
      return "remove what uses the eswitch (offloaded flows, OVS bridges on "
          + dev
          + ") and, if VFs exist, write 0 to /sys/bus/pci/devices/"
          + dev
          + "/sriov_numvfs, then try again.";
    }
    if (error.mentions("Failed setting HCA migratable cap")) {
      return "detach the VF from mlx5_core first (virsh nodedev-detach), then set migratable"
          + " before binding it to mlx5_vfio_pci.";
    }
    if (error.mentions("supported for VFs only")) {
      return "set migratable on a VF's port (flavour pcivf): find it by vfnum in 'devlink port"
          + " show'.";
    }
    if (error.mentions("migratable") || error.mentions("doesn't support migration")) {
      return "enable VF migration in the NIC firmware: mstconfig -y -d "
          + dev
          + " set VF_MIGRATION_MODE=2, then reboot (or reset the firmware); the kernel must be"
          + " 6.2 or later and the PF in switchdev mode.";
    }
    if (error.mentions("No such device")) {
      return "check the PF address "
          + dev
          + " with 'lshw -c network -businfo' and 'devlink dev show'.";
    }
    if (error.mentions("Operation not supported")) {
      return "use the ConnectX-7 PF's address (function 0 or 1), not a VF's, and check that it"
          + " is bound to mlx5_core; firmware at least "
          + FirmwareVersion.MINIMUM
          + ".";
    }
    return "run the command on the host to see devlink's full answer.";
  }
}
