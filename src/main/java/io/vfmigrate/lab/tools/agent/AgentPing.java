package io.vfmigrate.lab.tools.agent;

import io.vfmigrate.lab.machine.DomainHostdevs;
import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.model.PciAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * iputils {@code ping} (20210202, RHEL 9) run inside a lab guest. Replies come back only over a VF
 * link that really passes traffic: the guest has the hostdev interface, its VF is bound to a vfio
 * driver on the guest's current host, that host's eswitch is in switchdev mode, Open vSwitch runs
 * and bridges the PF uplink with the VF's representor, and the target is the lab's VF peer or
 * another guest's VF address with a working link. Output texts follow ping/ping.c and
 * ping/ping_common.c ({@code finish}) of that release.
 */
public final class AgentPing {
  private static final int PAYLOAD = 56;

  private AgentPing() {}

  /** The interval between two echo requests without {@code -i}: one second. */
  private static final long DEFAULT_INTERVAL_MS = 1000;

  /** The parsed command line; {@code intervalMs} is {@code -i}'s seconds in milliseconds. */
  private record Request(
      int count, Optional<String> device, boolean quiet, String target, long intervalMs) {}

  static AgentProcessResult run(LabContext context, VmSpec vm, List<String> args) {
    int count = -1;
    Optional<String> device = Optional.empty();
    boolean quiet = false;
    long intervalMs = DEFAULT_INTERVAL_MS;
    String target = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-") && arg.length() > 1) {
        char option = arg.charAt(1);
        String inline = arg.length() > 2 ? arg.substring(2) : null;
        switch (option) {
          case 'q' -> quiet = true;
          case 'n' -> {}
          case 'c', 'I', 'W', 'w', 'i', 's', 't' -> {
            String value = inline;
            if (value == null) {
              if (i + 1 >= args.size()) {
                return usage("option requires an argument -- '" + option + "'");
              }
              value = args.get(++i);
            }
            if (option == 'c') {
              try {
                count = Integer.parseInt(value);
              } catch (NumberFormatException e) {
                return new AgentProcessResult(1, "", "ping: invalid argument: '" + value + "'\n");
              }
            } else if (option == 'I') {
              device = Optional.of(value);
            } else if (option == 'i') {
              // ping.c: ping_strtod(optarg, "bad timing interval"), then at most INT_MAX / 1000 s;
              // the agent runs ping as root, so no 200 ms minimum applies.
              OptionalDouble seconds = seconds(value);
              if (seconds.isEmpty()) {
                return new AgentProcessResult(2, "", "ping: bad timing interval: " + value + "\n");
              }
              intervalMs = (long) (seconds.getAsDouble() * 1000);
            }
          }
          default -> {
            return usage("invalid option -- '" + option + "'");
          }
        }
      } else {
        target = arg;
      }
    }
    if (target == null) {
      return new AgentProcessResult(2, "", "ping: usage error: Destination address required\n");
    }
    if (!target.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return new AgentProcessResult(2, "", "ping: " + target + ": Name or service not known\n");
    }
    if (count <= 0) {
      // Without -c ping never ends; the lab sends the default of a bounded probe instead.
      count = 3;
    }
    return ping(context, vm, new Request(count, device, quiet, target, intervalMs));
  }

  /**
   * {@code -i}'s value as ping_strtod takes it: a whole decimal number of seconds, not negative.
   */
  private static OptionalDouble seconds(String value) {
    if (!value.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) {
      return OptionalDouble.empty();
    }
    double seconds = Double.parseDouble(value);
    return seconds > Integer.MAX_VALUE / 1000 ? OptionalDouble.empty() : OptionalDouble.of(seconds);
  }

  private static AgentProcessResult usage(String message) {
    // glibc getopt's line; iputils then prints its usage text, which the lab leaves out.
    return new AgentProcessResult(2, "", "ping: " + message + "\n");
  }

  private static AgentProcessResult ping(LabContext context, VmSpec vm, Request request) {
    Optional<InterfaceSpec> iface = Optional.empty();
    if (request.device().isPresent()) {
      String name = request.device().get();
      iface = vm.interfaces.stream().filter(i -> name.equals(i.guestName)).findFirst();
      if (iface.isEmpty() && !name.equals("lo")) {
        return new AgentProcessResult(
            2, "", "ping: SO_BINDTODEVICE " + name + ": No such device\n");
      }
    } else {
      iface = vm.interfaces.stream().filter(DomainLayout::isHostdev).findFirst();
    }
    StringBuilder out = new StringBuilder();
    out.append("PING ").append(request.target()).append(" (").append(request.target()).append(") ");
    if (request.device().isPresent()) {
      String source = iface.map(i -> i.ip).map(AgentPing::address).orElse("127.0.0.1");
      out.append("from ").append(source).append(' ').append(request.device().get()).append(": ");
    }
    out.append(PAYLOAD).append('(').append(PAYLOAD + 28).append(") bytes of data.\n");
    boolean answered =
        iface.isPresent()
            && linkWorks(context.host(), iface.get())
            && targetReachable(context, vm, request.target());
    int n = request.count();
    if (!answered) {
      out.append('\n');
      out.append("--- ").append(request.target()).append(" ping statistics ---\n");
      out.append(n)
          .append(" packets transmitted, 0 received, 100% packet loss, time ")
          .append(n > 1 ? (n - 1) * request.intervalMs() + 42 : 0)
          .append("ms\n\n");
      return new AgentProcessResult(1, out.toString(), "");
    }
    long[] rtts = new long[n];
    for (int seq = 1; seq <= n; seq++) {
      rtts[seq - 1] = 100 + (seq * 37L % 50);
      if (!request.quiet()) {
        out.append("64 bytes from ")
            .append(request.target())
            .append(": icmp_seq=")
            .append(seq)
            .append(" ttl=64 time=")
            .append(millis(rtts[seq - 1]))
            .append(" ms\n");
      }
    }
    out.append('\n');
    out.append("--- ").append(request.target()).append(" ping statistics ---\n");
    out.append(n)
        .append(" packets transmitted, ")
        .append(n)
        .append(" received, 0% packet loss, time ")
        .append(n > 1 ? (n - 1) * request.intervalMs() + 3 : 0)
        .append("ms\n");
    out.append(rttLine(rtts)).append('\n');
    return new AgentProcessResult(0, out.toString(), "");
  }

  /** ping_common.c finish(): integer microseconds, mdev as the integer square root. */
  private static String rttLine(long[] rtts) {
    long min = Long.MAX_VALUE;
    long max = 0;
    long sum = 0;
    long sum2 = 0;
    for (long t : rtts) {
      min = Math.min(min, t);
      max = Math.max(max, t);
      sum += t;
      sum2 += t * t;
    }
    long total = rtts.length;
    long avg = sum / total;
    long var = (sum2 - (sum * sum) / total) / total;
    long mdev = (long) Math.floor(Math.sqrt((double) var));
    return "rtt min/avg/max/mdev = "
        + millis(min)
        + "/"
        + millis(avg)
        + "/"
        + millis(max)
        + "/"
        + millis(mdev)
        + " ms";
  }

  private static String millis(long usec) {
    return String.format(Locale.ROOT, "%d.%03d", usec / 1000, usec % 1000);
  }

  private static String address(String cidr) {
    int slash = cidr.indexOf('/');
    return slash >= 0 ? cidr.substring(0, slash) : cidr;
  }

  /** True when the VF behind a guest interface passes traffic on the host the guest runs on. */
  static boolean linkWorks(HostSpec host, InterfaceSpec iface) {
    if (!DomainLayout.isHostdev(iface) || iface.pci == null) {
      return false;
    }
    Optional<LabTopology.VfRef> ref = LabTopology.vf(host, PciAddress.parse(iface.pci));
    if (ref.isEmpty()) {
      return false;
    }
    NicSpec nic = ref.get().nic();
    String driver = ref.get().vf().driver;
    if (!DomainHostdevs.VARIANT_DRIVER.equals(driver) && !DomainHostdevs.VFIO_PCI.equals(driver)) {
      return false;
    }
    if (!"switchdev".equals(nic.eswitch) || !Packages.ovsRunning(host)) {
      return false;
    }
    String representor = LabTopology.representor(nic, ref.get().vf().index);
    for (Map.Entry<String, List<String>> bridge : host.ovs.bridges.entrySet()) {
      List<String> ports = bridge.getValue();
      if (ports.contains(nic.netdev) && ports.contains(representor)) {
        return true;
      }
    }
    return false;
  }

  private static boolean targetReachable(LabContext context, VmSpec self, String target) {
    if (context.lab().vfPeer != null && address(context.lab().vfPeer).equals(target)) {
      return true;
    }
    for (HostSpec host : context.lab().hosts.values()) {
      for (VmSpec vm : host.vms) {
        if (vm == self || !"running".equals(vm.state)) {
          continue;
        }
        for (InterfaceSpec iface : vm.interfaces) {
          if (iface.ip != null && address(iface.ip).equals(target) && linkWorks(host, iface)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
