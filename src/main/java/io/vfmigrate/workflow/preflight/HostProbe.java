package io.vfmigrate.workflow.preflight;

import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.devlink.DevInfo;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.mstflint.FlintQuery;
import io.vfmigrate.tools.mstflint.Mstconfig;
import io.vfmigrate.tools.mstflint.MstconfigParam;
import io.vfmigrate.tools.mstflint.Mstflint;
import io.vfmigrate.tools.sysfs.PciId;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.systemd.Systemctl;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.tools.virsh.VirshVersion;
import io.vfmigrate.workflow.HostServices;
import java.util.List;
import java.util.Optional;

/** What the checks read from one host, each fact read at most once. */
final class HostProbe {
  static final String VF_MIGRATION_MODE = "VF_MIGRATION_MODE";

  private final ManagedHost managed;
  private final Memo<Optional<PciId>> pciId;
  private final Memo<FlintQuery> flint;
  private final Memo<DevInfo> devInfo;
  private final Memo<MstconfigParam> migrationMode;
  private final PackageLookup packages;
  private final Memo<Optional<PackageLookup.Found>> mstflintPackage;
  private final Memo<List<PackageLookup.Found>> openvswitchPackages;
  private final Memo<VirshVersion> virshVersion;
  private final Memo<HostServices> services;
  private final PrereqFacts prereqs;

  HostProbe(ManagedHost managed) {
    this.managed = managed;
    Host host = managed.host();
    PciAddress pf = managed.pf();
    pciId = new Memo<>(() -> new PciSysfs(host).ids(pf));
    flint = new Memo<>(() -> new Mstflint(host).query(pf));
    devInfo = new Memo<>(() -> new Devlink(host).devInfo(pf));
    migrationMode = new Memo<>(() -> new Mstconfig(host).query(pf, VF_MIGRATION_MODE));
    packages = new PackageLookup(host);
    mstflintPackage = new Memo<>(() -> packages.find("mstflint", "mstflint"));
    openvswitchPackages =
        new Memo<>(() -> packages.findVersioned("openvswitch", "openvswitch-switch"));
    virshVersion = new Memo<>(() -> new Virsh(host).version());
    services = new Memo<>(() -> HostServices.read(new Systemctl(host)));
    prereqs = new PrereqFacts(managed);
  }

  String name() {
    return managed.name();
  }

  /** The facts of the general migration prerequisites. */
  PrereqFacts prereqs() {
    return prereqs;
  }

  Host host() {
    return managed.host();
  }

  PciAddress pf() {
    return managed.pf();
  }

  Optional<PciId> pciId() {
    return pciId.get();
  }

  FlintQuery flint() {
    return flint.get();
  }

  DevInfo devInfo() {
    return devInfo.get();
  }

  MstconfigParam migrationMode() {
    return migrationMode.get();
  }

  PackageLookup packages() {
    return packages;
  }

  Optional<PackageLookup.Found> mstflintPackage() {
    return mstflintPackage.get();
  }

  List<PackageLookup.Found> openvswitchPackages() {
    return openvswitchPackages.get();
  }

  VirshVersion virshVersion() {
    return virshVersion.get();
  }

  /** The host's Open vSwitch and libvirt units; throws when systemd cannot tell. */
  HostServices services() {
    return services.get();
  }

  /**
   * The command that starts libvirt for good on this host, or, when systemd cannot tell which
   * daemon the host uses, both ways.
   */
  String enableLibvirt() {
    try {
      return services().enableLibvirt();
    } catch (VfmigrateException e) {
      return io.vfmigrate.tools.virsh.LibvirtDaemon.ENABLE_EITHER;
    }
  }

  /** The running firmware: from mstflint, else from devlink when mstflint is unavailable. */
  FirmwareFacts firmware() {
    if (!flint.failed()) {
      FlintQuery q = flint();
      return new FirmwareFacts(q.runningVersion(), q.fwVersion(), q.psid(), "mstflint");
    }
    DevInfo info = devInfo();
    FirmwareVersion running = FirmwareVersion.parse(info.runningFwVersion());
    FirmwareVersion stored = info.storedFwVersion().map(FirmwareVersion::parse).orElse(running);
    return new FirmwareFacts(running, stored, info.psid(), "devlink");
  }

  /** Firmware version and board id, with the tool they were read with. */
  record FirmwareFacts(
      FirmwareVersion running, FirmwareVersion nextBoot, String psid, String source) {}
}
