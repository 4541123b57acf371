package io.vfmigrate.testing;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.workflow.ObservedHost;
import io.vfmigrate.workflow.event.EventSink;
import java.util.function.Consumer;

/** Builds labs for workflow tests: the built-in lab, optionally changed by a scenario. */
public final class TestLab {
  private TestLab() {}

  public static Lab defaultLab() {
    return new Lab(LabStore.defaultSpec());
  }

  /** The built-in lab after {@code scenario} changed its description. */
  public static Lab with(Consumer<LabSpec> scenario) {
    LabSpec spec = LabStore.defaultSpec();
    scenario.accept(spec);
    return new Lab(LabStore.parse(LabStore.toYaml(spec), "test scenario"));
  }

  public static Fleet fleet(Lab lab, EventSink events) {
    return LabInventory.fleet(lab, host -> new ObservedHost(host, events));
  }

  public static HostSpec host(LabSpec spec, String name) {
    return spec.hosts.get(name);
  }

  /**
   * Makes {@code host} a Debian 13 host: dpkg, Debian's package names and units ({@code
   * openvswitch-switch}, the monolithic {@code libvirtd}), an upstream kernel.
   */
  public static void debian(LabSpec spec, String host) {
    HostSpec h = spec.hosts.get(host);
    h.os = "Debian GNU/Linux 13 (trixie)";
    h.kernel = "6.12.41+deb13-amd64";
    h.packages.clear();
    h.packages.put("mstflint", "4.31.0+1-1");
    h.packages.put("openvswitch-switch", "3.5.0-1+b1");
    h.packages.put("openvswitch-common", "3.5.0-1+b1");
    h.packages.put("libvirt-daemon-system", "11.3.0-3");
    h.packages.put("libvirt-clients", "11.3.0-3");
    h.packages.put("qemu-system-x86", "1:10.0.2+ds-2");
    h.packages.put("iproute2", "6.15.0-1");
    h.packages.put("lshw", "02.19.git.2021.06.19.996aaad9c7-2");
    h.services.clear();
    h.services.put("libvirtd", "active");
    h.services.put("openvswitch-switch", "inactive");
  }

  public static NicSpec nic(LabSpec spec, String host) {
    return spec.hosts.get(host).nics.get(0);
  }
}
