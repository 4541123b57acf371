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

  public static NicSpec nic(LabSpec spec, String host) {
    return spec.hosts.get(host).nics.get(0);
  }
}
