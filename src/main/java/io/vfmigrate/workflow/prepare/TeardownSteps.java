package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.PciAddress;
import java.util.List;

/** The steps that undo preparation, in the order teardown runs them. */
final class TeardownSteps {
  private TeardownSteps() {}

  private static String cmd(String... argv) {
    return ShellQuoting.join(List.of(argv));
  }

  /** Removes a port from the bridge. */
  record DeletePort(String bridge, String port) implements Step {
    @Override
    public String description() {
      return "remove port " + port + " from " + bridge;
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "--if-exists", "del-port", bridge, port);
    }

    @Override
    public void apply(HostTools t) {
      t.ovs().deletePort(bridge, port);
    }

    @Override
    public void undo(HostTools t) {
      t.ovs().addPort(bridge, port);
    }
  }

  /** Removes the bridge. */
  record DeleteBridge(String bridge) implements Step {
    @Override
    public String description() {
      return "remove the Open vSwitch bridge " + bridge;
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "--if-exists", "del-br", bridge);
    }

    @Override
    public void apply(HostTools t) {
      t.ovs().deleteBridge(bridge);
    }

    @Override
    public void undo(HostTools t) {
      t.ovs().addBridge(bridge);
    }
  }

  /** Removes a key that preparation set in other_config. */
  record RemoveOtherConfig(String key, String value) implements Step {
    @Override
    public String description() {
      return "remove Open vSwitch " + key + "=" + value;
    }

    @Override
    public String command() {
      return cmd("ovs-vsctl", "remove", "Open_vSwitch", ".", "other_config", key);
    }

    @Override
    public void apply(HostTools t) {
      t.ovs().removeOtherConfig(key);
    }

    @Override
    public void undo(HostTools t) {
      t.ovs().setOtherConfig(key, value);
    }
  }

  /** Stops a unit that has nothing left to do. */
  record StopService(String unit) implements Step {
    @Override
    public String description() {
      return "stop " + unit + " (no bridge left)";
    }

    @Override
    public String command() {
      return cmd("systemctl", "stop", unit);
    }

    @Override
    public void apply(HostTools t) {
      t.systemctl().stop(unit);
    }

    @Override
    public void undo(HostTools t) {
      t.systemctl().start(unit);
    }
  }

  /** Gives a VF back to its host driver. */
  record ReattachVf(PciAddress vf) implements Step {
    @Override
    public String description() {
      return "re-attach VF " + vf + " to its host driver";
    }

    @Override
    public String command() {
      return cmd("virsh", "nodedev-reattach", vf.nodedevName());
    }

    @Override
    public void apply(HostTools t) {
      t.virsh().nodedevReattach(vf);
    }

    @Override
    public void undo(HostTools t) {
      t.virsh().nodedevDetach(vf, Steps.STUB_DRIVER);
    }
  }
}
