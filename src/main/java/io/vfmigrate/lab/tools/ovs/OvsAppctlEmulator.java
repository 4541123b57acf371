package io.vfmigrate.lab.tools.ovs;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.OvsDatabase;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.VersionNumbers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ovs-appctl dpif/offload/show} against a lab host's ovs-vswitchd: whether it runs with
 * hardware offload on ({@code HostSpec.ovs.offloadApplied}) and its datapath's ports, as
 * ofproto/ofproto-dpif.c and lib/dpif-offload-tc.c (Open vSwitch 3.7) print them. Before 3.7 the
 * command does not exist and ovs-appctl says so (lib/unixctl.c, utilities/ovs-appctl.c, exit 2);
 * with ovs-vswitchd stopped ovs-appctl cannot read its pidfile (exit 1). The datapath's ports are
 * listed in port number order (Open vSwitch prints them in hash order).
 */
public final class OvsAppctlEmulator implements ToolEmulator {
  private static final String COMMAND = "dpif/offload/show";

  @Override
  public Set<String> programs() {
    return Set.of("ovs-appctl");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    List<String> args = argv.subList(1, argv.size());
    if (args.size() == 3 && args.get(0).equals("-t") && args.get(1).equals("ovs-vswitchd")) {
      args = args.subList(2, 3);
    }
    if (!args.equals(List.of(COMMAND))) {
      return HostFacts.notEmulated("ovs-appctl", String.join(" ", args));
    }
    HostSpec host = context.host();
    if (!Packages.ovsRunning(host)) {
      return ToolOutput.error(
          1,
          "ovs-appctl: cannot read pidfile \"/var/run/openvswitch/ovs-vswitchd.pid\" (No such file"
              + " or directory)\n");
    }
    if (!VersionNumbers.atLeast(new OvsDatabase(host).ovsVersion(), 3, 7)) {
      return ToolOutput.error(
          2,
          "\""
              + COMMAND
              + "\" is not a valid command (use \"list-commands\" to see a list of valid"
              + " commands)\novs-appctl: ovs-vswitchd: server returned an error\n");
    }
    StringBuilder out = new StringBuilder();
    out.append("Globally enabled: ").append(host.ovs.offloadApplied).append("\nDatapaths:\n");
    if (!host.ovs.bridges.isEmpty()) {
      out.append("system@ovs-system:\n  tc\n");
      int portNo = 0;
      port(out, host, "ovs-system", portNo++);
      for (Map.Entry<String, List<String>> bridge : host.ovs.bridges.entrySet()) {
        port(out, host, bridge.getKey(), portNo++);
        for (String p : bridge.getValue()) {
          port(out, host, p, portNo++);
        }
      }
    }
    return ToolOutput.ok(out.toString());
  }

  private static void port(StringBuilder out, HostSpec host, String name, int portNo) {
    out.append("  - ")
        .append(name)
        .append(": port_no: ")
        .append(portNo)
        .append(", ifindex: ")
        .append(OvsList.ifindex(host, name))
        .append('\n');
  }
}
