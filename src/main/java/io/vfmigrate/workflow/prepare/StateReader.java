package io.vfmigrate.workflow.prepare;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.devlink.DevlinkPort;
import io.vfmigrate.tools.mstflint.MstconfigParam;
import io.vfmigrate.tools.ovs.OvsDatabaseUnreachableException;
import io.vfmigrate.workflow.HostServices;
import io.vfmigrate.workflow.VfPark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a host's preparation state through the tool adapters. */
final class StateReader {
  private StateReader() {}

  /**
   * The host's state; a tool that is missing or fails while it is read is a refusal (exit 3) in the
   * tool's own words: nothing has been changed yet.
   */
  static HostState read(HostTools t) {
    try {
      return readTools(t);
    } catch (ToolException e) {
      throw e.asRefusal("Cannot read the state of " + t.hostName());
    }
  }

  private static HostState readTools(HostTools t) {
    PciAddress pf = t.pf();
    MstconfigParam mode = t.mstconfig().query(pf, "VF_MIGRATION_MODE");
    String eswitch = t.devlink().eswitch(pf).modeName();
    int total = t.sysfs().totalVfs(pf).orElse(0);
    int num = t.sysfs().numVfs(pf);
    List<DevlinkPort> ports = t.devlink().ports();
    List<HostState.VfState> vfs = new ArrayList<>();
    List<PciAddress> addresses = t.sysfs().virtualFunctions(pf);
    for (int i = 0; i < addresses.size(); i++) {
      int vfnum = i;
      PciAddress vf = addresses.get(i);
      Optional<DevlinkPort> port =
          ports.stream()
              .filter(
                  p ->
                      p.device().equals(pf)
                          && p.vfnum().isPresent()
                          && p.vfnum().getAsInt() == vfnum)
              .findFirst();
      vfs.add(new HostState.VfState(i, vf, t.sysfs().driver(vf), port));
    }
    Optional<String> uplink =
        ports.stream()
            .filter(p -> p.device().equals(pf) && "physical".equals(p.flavour()))
            .map(DevlinkPort::netdev)
            .flatMap(Optional::stream)
            .findFirst();
    String ovsUnit = HostServices.read(t.systemctl()).openvswitch();
    boolean ovsActive = "active".equals(t.systemctl().isActive(ovsUnit));
    Map<String, String> otherConfig = Map.of();
    Map<String, List<String>> bridges = new LinkedHashMap<>();
    HostState.RunningOffload offload = HostState.RunningOffload.known(false);
    if (ovsActive) {
      try {
        otherConfig = t.ovs().otherConfig();
        for (String br : t.ovs().listBridges()) {
          bridges.put(br, t.ovs().listPorts(br));
        }
        offload = runningOffload(t);
      } catch (OvsDatabaseUnreachableException e) {
        ovsActive = false;
      }
    }
    return new HostState(
        mode.currentValue().isPresent() ? mode.currentValue() : mode.nextBootValue(),
        mode.nextBootValue(),
        eswitch,
        total,
        num,
        vfs,
        uplink,
        ovsActive,
        otherConfig,
        bridges,
        ovsUnit,
        VfPark.libvirtBindsNamedDriver(t.virsh().version().libraryVersion()),
        offload);
  }

  /**
   * What ovs-vswitchd reports of its offload; a failure to ask is not a refusal (preparation
   * restarts Open vSwitch when it changes hw-offload anyway), it is kept as the reason.
   */
  private static HostState.RunningOffload runningOffload(HostTools t) {
    try {
      return t.appctl()
          .offloadEnabled()
          .map(HostState.RunningOffload::known)
          .orElse(
              HostState.RunningOffload.unknown(
                  "this Open vSwitch has no 'ovs-appctl dpif/offload/show' (3.7 and later)"));
    } catch (ToolException e) {
      return HostState.RunningOffload.unknown(e.getMessage());
    }
  }
}
