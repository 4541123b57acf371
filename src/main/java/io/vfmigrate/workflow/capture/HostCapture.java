package io.vfmigrate.workflow.capture;

import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.ToolNotInstalledException;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.devlink.DevlinkPort;
import io.vfmigrate.tools.dpkg.Dpkg;
import io.vfmigrate.tools.kernel.Uname;
import io.vfmigrate.tools.mstflint.FlintQuery;
import io.vfmigrate.tools.mstflint.Mstconfig;
import io.vfmigrate.tools.mstflint.MstconfigParam;
import io.vfmigrate.tools.mstflint.Mstflint;
import io.vfmigrate.tools.ovs.OvsVsctl;
import io.vfmigrate.tools.rpm.Rpm;
import io.vfmigrate.tools.sysfs.PciId;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.systemd.Systemctl;
import io.vfmigrate.tools.virsh.DirtyRate;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.HostServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads one host through the tool adapters, as {@code lab capture} writes it: OS, kernel, the
 * procedure's packages and services, the inventory's PF with its VFs, Open vSwitch, and every
 * domain. A part that cannot be read is left out and named, with the reason, in {@code unread}.
 */
public final class HostCapture {
  /** The packages the lab knows, by rpm name (RHEL) and by Debian name. */
  private static final List<String> RPM_PACKAGES =
      List.of("mstflint", "libvirt", "qemu-kvm", "iproute", "lshw");

  private static final List<String> DEB_PACKAGES =
      List.of(
          "mstflint",
          "openvswitch-switch",
          "openvswitch-common",
          "libvirt-clients",
          "libvirt-daemon",
          "libvirt-daemon-system",
          "qemu-system-x86",
          "iproute2",
          "lshw");

  private static final Map<String, String> MODELS =
      Map.of("0x1021", "ConnectX-7", "0x101d", "ConnectX-6 Dx");

  /** How long {@code --dirty-rate} measures each running domain. */
  public static final int DIRTY_RATE_SECONDS = 1;

  private final List<String> unread = new ArrayList<>();

  private HostCapture() {}

  /** Reads {@code managed}; with {@code dirtyRate}, measures each running domain's dirty rate. */
  public static CapturedHost read(ManagedHost managed, boolean dirtyRate) {
    return new HostCapture().capture(managed, dirtyRate);
  }

  private CapturedHost capture(ManagedHost managed, boolean dirtyRate) {
    Host host = managed.host();
    Optional<String> hostname =
        attempt("hostname", () -> host.readFile("/etc/hostname").strip()).filter(s -> !s.isEmpty());
    Optional<String> os = attempt("os", () -> prettyName(host.readFile("/etc/os-release")));
    Optional<String> kernel = attempt("kernel", () -> new Uname(host).release());
    PciSysfs sysfs = new PciSysfs(host);
    Optional<Boolean> iommu = attempt("iommu", sysfs::iommuEnabled);
    Map<String, String> packages = attempt("packages", () -> packages(host)).orElse(Map.of());
    Map<String, String> services = attempt("services", () -> services(host)).orElse(Map.of());
    List<CapturedHost.Nic> nics =
        attempt("nic " + managed.pf(), () -> nic(host, managed.pf())).stream().toList();
    Map<String, String> otherConfig = new LinkedHashMap<>();
    Map<String, List<String>> bridges = new LinkedHashMap<>();
    attempt(
        "ovs",
        () -> {
          OvsVsctl ovs = new OvsVsctl(host);
          if (!ovs.databaseReachable()) {
            unread.add("ovs: the Open vSwitch database does not answer (OVS not running)");
            return true;
          }
          otherConfig.putAll(ovs.otherConfig());
          for (String br : ovs.listBridges()) {
            bridges.put(br, ovs.listPorts(br));
          }
          return true;
        });
    List<CapturedHost.Vm> vms = attempt("vms", () -> vms(host, dirtyRate)).orElse(List.of());
    return new CapturedHost(
        managed.name(),
        managed.entry().address(),
        hostname,
        os,
        kernel,
        iommu,
        packages,
        services,
        nics,
        vms,
        otherConfig,
        bridges,
        List.copyOf(unread));
  }

  private <T> Optional<T> attempt(String what, Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (VfmigrateException e) {
      unread.add(what + ": " + e.getMessage().strip().replace("\n", " "));
      return Optional.empty();
    }
  }

  static String prettyName(String osRelease) {
    for (String line : osRelease.split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring("PRETTY_NAME=".length()).replaceAll("^\"|\"$", "");
      }
    }
    throw new io.vfmigrate.tools.ToolOutputException(
        "/etc/os-release", "a PRETTY_NAME line", osRelease);
  }

  private static Map<String, String> packages(Host host) {
    Map<String, String> found = new LinkedHashMap<>();
    Rpm rpm = new Rpm(host);
    boolean usesRpm;
    try {
      usesRpm = rpm.query("rpm").isPresent();
    } catch (ToolNotInstalledException e) {
      usesRpm = false;
    }
    if (usesRpm) {
      for (String name : RPM_PACKAGES) {
        rpm.query(name).ifPresent(p -> found.put(p.name(), p.version() + "-" + p.release()));
      }
      for (var p : rpm.queryAll("openvswitch*")) {
        if (p.name().matches("openvswitch[0-9.]*")) {
          found.put(p.name(), p.version() + "-" + p.release());
        }
      }
      return found;
    }
    Dpkg dpkg = new Dpkg(host);
    for (String name : DEB_PACKAGES) {
      dpkg.query(name).ifPresent(p -> found.put(p.name(), p.version()));
    }
    return found;
  }

  private static Map<String, String> services(Host host) {
    Systemctl systemctl = new Systemctl(host);
    HostServices units = HostServices.read(systemctl);
    Map<String, String> states = new LinkedHashMap<>();
    states.put(units.libvirt(), systemctl.isActive(units.libvirt()));
    states.put(units.openvswitch(), systemctl.isActive(units.openvswitch()));
    return states;
  }

  private CapturedHost.Nic nic(Host host, PciAddress pf) {
    PciSysfs sysfs = new PciSysfs(host);
    Devlink devlink = new Devlink(host);
    Optional<String> model =
        attempt("nic model", () -> sysfs.ids(pf).map(PciId::device).map(MODELS::get).orElse(null));
    List<DevlinkPort> ports = attempt("devlink ports", devlink::ports).orElse(List.of());
    Optional<String> netdev =
        ports.stream()
            .filter(p -> p.device().equals(pf) && DevlinkPort.FLAVOUR_PHYSICAL.equals(p.flavour()))
            .map(DevlinkPort::netdev)
            .flatMap(Optional::stream)
            .findFirst();
    if (netdev.isEmpty()) {
      unread.add("nic netdev: devlink shows no uplink port for " + pf);
    }
    Optional<FlintQuery> flint = attempt("firmware", () -> new Mstflint(host).query(pf));
    Optional<MstconfigParam> mode =
        attempt("vf_migration_mode", () -> new Mstconfig(host).query(pf, "VF_MIGRATION_MODE"));
    int total = attempt("total_vfs", () -> sysfs.totalVfs(pf).orElse(0)).orElse(0);
    int num = attempt("num_vfs", () -> sysfs.numVfs(pf)).orElse(0);
    OptionalInt offset =
        attempt(
                "vf_offset",
                () ->
                    Integer.parseInt(
                        host.readFile("/sys/bus/pci/devices/" + pf + "/sriov_offset").strip()))
            .map(OptionalInt::of)
            .orElse(OptionalInt.empty());
    Optional<String> eswitch = attempt("eswitch", () -> devlink.eswitch(pf).modeName());
    List<CapturedHost.Vf> vfs = new ArrayList<>();
    List<PciAddress> addresses = attempt("vfs", () -> sysfs.virtualFunctions(pf)).orElse(List.of());
    for (int i = 0; i < addresses.size(); i++) {
      int index = i;
      PciAddress vf = addresses.get(i);
      Optional<String> driver = attempt("driver of " + vf, () -> sysfs.driver(vf).orElse(null));
      boolean migratable =
          Devlink.vfPort(ports, pf, index).flatMap(DevlinkPort::migratable).orElse(false);
      boolean detached =
          driver
              .map(d -> List.of("pci-stub", "vfio-pci", "mlx5_vfio_pci").contains(d))
              .orElse(false);
      vfs.add(new CapturedHost.Vf(i, vf, driver, detached, migratable));
    }
    return new CapturedHost.Nic(
        pf,
        model,
        netdev,
        flint.map(f -> f.runningVersion().toString()),
        flint.filter(FlintQuery::updatePending).map(f -> f.fwVersion().toString()),
        flint.map(FlintQuery::psid),
        mode.map(MstconfigParam::currentValue).orElse(OptionalInt.empty()),
        mode.filter(MstconfigParam::changePending)
            .map(MstconfigParam::nextBootValue)
            .orElse(OptionalInt.empty()),
        total,
        offset,
        eswitch,
        num,
        vfs);
  }

  private List<CapturedHost.Vm> vms(Host host, boolean dirtyRate) {
    Virsh virsh = new Virsh(host);
    List<CapturedHost.Vm> vms = new ArrayList<>();
    for (String name : virsh.listAllNames()) {
      Optional<DomainXml> xml = attempt("vm " + name, () -> virsh.dumpxml(name));
      if (xml.isEmpty()) {
        continue;
      }
      String state =
          attempt("state of " + name, () -> virsh.domstate(name).orElse(null)).orElse("");
      List<CapturedHost.Interface> interfaces = new ArrayList<>();
      List<MacAddress> hostdevMacs = new ArrayList<>();
      for (HostdevInterface h : xml.get().hostdevInterfaces()) {
        h.mac().ifPresent(hostdevMacs::add);
        interfaces.add(
            new CapturedHost.Interface(
                "hostdev", h.mac().map(MacAddress::toString).orElse(""), Optional.of(h.source())));
      }
      for (MacAddress mac : xml.get().macs()) {
        if (!hostdevMacs.contains(mac)) {
          interfaces.add(new CapturedHost.Interface("virtio", mac.toString(), Optional.empty()));
        }
      }
      OptionalLong rate = OptionalLong.empty();
      if (dirtyRate && state.equals("running")) {
        rate = dirtyRate(host, virsh, name);
      }
      vms.add(
          new CapturedHost.Vm(
              name,
              xml.get().uuid(),
              xml.get().memory().map(m -> OptionalLong.of(m.bytes())).orElse(OptionalLong.empty()),
              xml.get().vcpus(),
              state,
              xml.get().hasViommu(),
              xml.get().hasGuestAgentChannel(),
              interfaces,
              rate));
    }
    return vms;
  }

  private OptionalLong dirtyRate(Host host, Virsh virsh, String vm) {
    Optional<DirtyRate> measured =
        attempt(
            "dirty_rate of " + vm,
            () -> {
              virsh.domdirtyrateCalc(vm, DIRTY_RATE_SECONDS);
              DirtyRate r = virsh.domstatsDirtyrate(vm);
              for (int i = 0; i < 20 && !r.measured(); i++) {
                host.clock().sleep(Duration.ofMillis(500));
                r = virsh.domstatsDirtyrate(vm);
              }
              if (!r.measured()) {
                unread.add(
                    "dirty_rate of "
                        + vm
                        + ": dirtyrate.calc_status is still "
                        + r.calcStatus()
                        + " after 10 s");
                return null;
              }
              return r;
            });
    return measured.map(r -> r.mebibytesPerSecond()).orElse(OptionalLong.empty());
  }
}
