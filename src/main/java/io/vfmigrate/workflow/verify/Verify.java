package io.vfmigrate.workflow.verify;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.agent.GuestAgent;
import io.vfmigrate.tools.agent.GuestExecResult;
import io.vfmigrate.tools.agent.GuestInterface;
import io.vfmigrate.tools.ping.PingSummary;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.VmWhereabouts;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify}: through the QEMU guest agent, the VF's interface (found by the hostdev
 * interface's MAC) is up with an IPv4 address, and a ping through it answers with no loss. A VM
 * without a VF is checked through its first NIC, as {@code migrate} checks it; the report says
 * which interface it checked.
 */
public final class Verify {
  static final Duration PING_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Seconds between echoes: 20 a second, far from a flood, so that three of them take 0.1 s. The
   * agent runs ping as root, which is allowed any interval (iputils refuses less than 2 ms, older
   * releases less than 0.2 s, to other users only); busybox's ping takes fractions too (checked on
   * the real lab's busybox guest: three answers, 0% loss).
   */
  static final String PING_INTERVAL = "0.05";

  /** How long three echoes at {@link #PING_INTERVAL} take, until the first status poll. */
  static final Duration PING_EXPECTED = Duration.ofMillis(100);

  private static final String INTERFACES = "{\"execute\":\"guest-network-get-interfaces\"}";

  private final Fleet fleet;
  private final EventSink events;

  public Verify(Fleet fleet, EventSink events) {
    this.fleet = fleet;
    this.events = events;
  }

  public VerifyReport run(String vm, Optional<String> hostName, Optional<String> target) {
    return run(vm, hostName, target, Optional.empty());
  }

  /**
   * Verifies the guest interface with {@code mac}; by default the VF's, i.e. the MAC of the
   * domain's {@code <interface type='hostdev'>}, or without one the domain's first NIC.
   */
  public VerifyReport run(
      String vm, Optional<String> hostName, Optional<String> target, Optional<MacAddress> asked) {
    Names.vmName(vm);
    ManagedHost host = hostName.map(fleet::get).orElseGet(() -> findRunning(vm));
    // The domain's state, its XML and the guest's interfaces are read in one batch (one exec).
    SnapshotHost seen = new SnapshotHost(host.host(), false);
    seen.prefetch(
        List.of(
            read("virsh", "domstate", vm),
            read("virsh", "dumpxml", vm),
            read("virsh", "qemu-agent-command", vm, INTERFACES)));
    Virsh virsh = new Virsh(seen);
    Optional<String> state = virsh.domstate(vm);
    if (state.isEmpty()) {
      VmWhereabouts where = VmWhereabouts.of(fleet, vm);
      if (where.unknown()) {
        throw where.unknownError(fleet);
      }
      throw new NotReadyException(
          vm + " is not defined on " + host.name() + "." + where.elsewhere(host.name()),
          "name the host it runs on with --host");
    }
    if (!"running".equals(state.get())) {
      throw new NotReadyException(
          vm + " is " + state.get() + " on " + host.name() + ".", "virsh start " + vm);
    }
    List<String> problems = new ArrayList<>();
    DomainXml xml = virsh.dumpxml(vm);
    Optional<Choice> choice = choose(xml, asked);
    Optional<VerifiedInterface> checked = choice.map(Choice::kind);
    Optional<MacAddress> mac = choice.map(Choice::mac);
    if (mac.isEmpty()) {
      problems.add(vm + " has no network interface to check (no VF, no NIC)");
      return new VerifyReport(
          vm,
          host.name(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          problems,
          checked);
    }
    GuestAgent agent = new GuestAgent(virsh, vm);
    Optional<GuestInterface> iface =
        agent.interfaces().stream()
            .filter(
                i ->
                    i.hardwareAddress()
                        .map(a -> a.equalsIgnoreCase(mac.get().value()))
                        .orElse(false))
            .findFirst();
    if (iface.isEmpty()) {
      problems.add(
          "the guest shows no interface with the MAC "
              + mac.get()
              + " of the "
              + checked.get().description());
      return new VerifyReport(
          vm,
          host.name(),
          Optional.of(mac.get().value()),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          problems,
          checked);
    }
    String name = iface.get().name();
    Optional<String> ipv4 =
        iface.get().ipAddresses().stream()
            .filter(GuestInterface.IpAddress::ipv4)
            .map(GuestInterface.IpAddress::cidr)
            .findFirst();
    if (ipv4.isEmpty()) {
      problems.add("guest interface " + name + " has no IPv4 address");
    }
    Optional<String> peer = target.or(() -> host.entry().pingTarget());
    if (peer.isEmpty() || !problems.isEmpty()) {
      // No ping to prove the link: read its state to say what else is wrong.
      if (!linkUp(agent, name)) {
        problems.add("guest interface " + name + " is not up");
      }
    }
    Optional<Double> loss = Optional.empty();
    if (peer.isEmpty()) {
      problems.add("no ping target: give --target IP or set ping_target in the inventory");
    } else if (problems.isEmpty()) {
      events.emit(
          new Event.StepStarted(
              host.name(),
              "ping -c 3 -i " + PING_INTERVAL + " -I " + name + " " + peer.get() + " in " + vm));
      // Three echoes 0.05 s apart take about 0.1 s: the first status poll comes then.
      GuestExecResult ping =
          agent.exec(
              "ping",
              List.of("-c", "3", "-i", PING_INTERVAL, "-I", name, peer.get()),
              PING_TIMEOUT,
              PING_EXPECTED);
      if (!pingAnswered(ping) && !linkUp(agent, name)) {
        // A lost ping through a link that is down: the link is the problem to name.
        problems.add("guest interface " + name + " is not up");
        return new VerifyReport(
            vm,
            host.name(),
            Optional.of(mac.get().value()),
            Optional.of(name),
            ipv4,
            peer,
            Optional.empty(),
            problems,
            checked);
      }
      try {
        PingSummary summary = PingSummary.parse(ping.stdout());
        loss = Optional.of(summary.lossPercent().doubleValue());
        if (!summary.noLoss()) {
          problems.add(
              "ping through "
                  + name
                  + " to "
                  + peer.get()
                  + ": "
                  + summary.transmitted()
                  + " sent, "
                  + summary.received()
                  + " received, "
                  + summary.lossPercent().stripTrailingZeros().toPlainString()
                  + "% packet loss");
        }
      } catch (VfmigrateException e) {
        problems.add(
            "ping through "
                + name
                + " to "
                + peer.get()
                + " failed: "
                + (ping.stderr().isBlank() ? ping.stdout().strip() : ping.stderr().strip()));
      }
    }
    return new VerifyReport(
        vm,
        host.name(),
        Optional.of(mac.get().value()),
        Optional.of(name),
        ipv4,
        peer,
        loss,
        problems,
        checked);
  }

  /** The interface to check and why that one. */
  private record Choice(VerifiedInterface kind, MacAddress mac) {}

  /** The MAC asked for, else the VF's (hostdev interface), else the first NIC's. */
  private static Optional<Choice> choose(DomainXml xml, Optional<MacAddress> asked) {
    if (asked.isPresent()) {
      return Optional.of(new Choice(VerifiedInterface.ASKED, asked.get()));
    }
    Optional<MacAddress> vf =
        xml.hostdevInterfaces().stream()
            .filter(h -> h.kind() == HostdevInterface.Kind.INTERFACE)
            .map(HostdevInterface::mac)
            .flatMap(Optional::stream)
            .findFirst();
    if (vf.isPresent()) {
      return Optional.of(new Choice(VerifiedInterface.VF, vf.get()));
    }
    return xml.macs().stream().findFirst().map(m -> new Choice(VerifiedInterface.FIRST_NIC, m));
  }

  private static Read read(String... argv) {
    return new Read.Run(Command.of(argv).inCLocale());
  }

  /** True when ping's summary says every echo came back. */
  private static boolean pingAnswered(GuestExecResult ping) {
    try {
      return PingSummary.parse(ping.stdout()).noLoss();
    } catch (VfmigrateException e) {
      return false;
    }
  }

  /** Reads the kernel's operstate through the agent; "up" (or "unknown" for some drivers). */
  private static boolean linkUp(GuestAgent agent, String iface) {
    try {
      GuestExecResult r =
          agent.exec("cat", List.of("/sys/class/net/" + iface + "/operstate"), PING_TIMEOUT);
      String state = r.stdout().strip();
      return r.succeeded() && ("up".equals(state) || "unknown".equals(state));
    } catch (VfmigrateException e) {
      return false;
    }
  }

  private ManagedHost findRunning(String vm) {
    for (ManagedHost h : fleet.all()) {
      try {
        if (new Virsh(h.host()).domstate(vm).map("running"::equals).orElse(false)) {
          return h;
        }
      } catch (VfmigrateException e) {
        // A host whose libvirt does not answer cannot be where the VM runs.
      }
    }
    VmWhereabouts where = VmWhereabouts.of(fleet, vm);
    if (where.unknown()) {
      throw where.unknownError(fleet);
    }
    throw new NotReadyException(
        vm + " is not running on any host (" + String.join(", ", fleet.names()) + ").",
        "start it (virsh start " + vm + ") or name its host with --host");
  }
}
