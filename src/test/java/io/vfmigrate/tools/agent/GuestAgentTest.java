package io.vfmigrate.tools.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ping.PingSummary;
import io.vfmigrate.tools.virsh.GuestAgentUnavailableException;
import io.vfmigrate.tools.virsh.Virsh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestAgentTest {
  private static final String INTERFACES = "{\"execute\":\"guest-network-get-interfaces\"}";
  private static final String EXEC_PING =
      "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/ping\","
          + "\"arg\":[\"-c\",\"3\",\"-I\",\"enp7s0\",\"192.168.3.20\"],\"capture-output\":true,"
          + "\"env\":[\"LC_ALL=C\"]}}";
  private static final String STATUS =
      "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":2815}}";
  private static final List<String> PING_ARGS = List.of("-c", "3", "-I", "enp7s0", "192.168.3.20");

  private final FakeHost fake = new FakeHost("hostB");
  private final SequencedHost host = new SequencedHost(fake);
  private final GuestAgent agent = new GuestAgent(new Virsh(host), "vm1");

  private static String[] agentArgv(String json) {
    return new String[] {"virsh", "qemu-agent-command", "vm1", json};
  }

  @Test
  void readsInterfacesWithAddressesAndStatistics() {
    fake.on(agentArgv(INTERFACES)).stdoutFromFixture("guest-agent/network-get-interfaces.json");

    List<GuestInterface> interfaces = agent.interfaces();

    assertThat(interfaces)
        .extracting(GuestInterface::name)
        .containsExactly("lo", "enp1s0", "enp7s0");
    GuestInterface vf = interfaces.get(2);
    assertThat(vf.mac()).contains(MacAddress.parse("52:54:00:56:8c:f7"));
    assertThat(vf.ipAddresses())
        .containsExactly(new GuestInterface.IpAddress("192.168.3.10", "ipv4", 24));
    assertThat(vf.ipAddresses().get(0).cidr()).isEqualTo("192.168.3.10/24");
    assertThat(vf.statistics().orElseThrow().rxPackets()).isEqualTo(3);
    assertThat(interfaces.get(1).statistics().orElseThrow().rxDropped()).isEqualTo(12);
    assertThat(interfaces.get(0).ipAddresses().get(1).ipv4()).isFalse();
  }

  @Test
  void findsTheVfByMac() {
    fake.on(agentArgv(INTERFACES)).stdoutFromFixture("guest-agent/network-get-interfaces.json");

    assertThat(agent.interfaceWithMac(MacAddress.parse("52:54:00:56:8c:f7")))
        .map(GuestInterface::name)
        .contains("enp7s0");
    assertThat(agent.interfaceWithMac(MacAddress.parse("52:54:00:00:00:99"))).isEmpty();
  }

  @Test
  void olderAgentsWithoutStatisticsOrAddressesAndUnknownMembers() {
    fake.on(agentArgv(INTERFACES)).stdoutFromFixture("guest-agent/network-get-interfaces-old.json");

    List<GuestInterface> interfaces = agent.interfaces();

    assertThat(interfaces).hasSize(3);
    assertThat(interfaces.get(0).statistics()).isEmpty();
    assertThat(interfaces.get(1).ipAddresses()).isEmpty();
    assertThat(interfaces.get(1).mac()).contains(MacAddress.parse("52:54:00:56:8c:f7"));
    // an InfiniBand address is kept as printed but is not an Ethernet MAC
    assertThat(interfaces.get(2).hardwareAddress()).isPresent();
    assertThat(interfaces.get(2).mac()).isEmpty();
  }

  @Test
  void aReplyThatIsNotAListIsAnOutputError() {
    fake.on(agentArgv(INTERFACES))
        .stdoutFromFixture("guest-agent/network-get-interfaces-not-list.json");

    assertThatThrownBy(agent::interfaces).isInstanceOf(ToolOutputException.class);
  }

  @Test
  void anAgentThatIsNotConnectedIsTyped() {
    fake.on(agentArgv(INTERFACES)).answer(1, "", Fixtures.read("virsh/agent-not-connected.stderr"));
    fake.on(agentArgv("{\"execute\":\"guest-ping\"}"))
        .answer(1, "", Fixtures.read("virsh/agent-not-connected.stderr"));

    assertThatThrownBy(agent::interfaces)
        .isInstanceOfSatisfying(
            GuestAgentUnavailableException.class,
            e ->
                assertThat(e.toolMessage())
                    .isEqualTo(
                        "error: Guest agent is not responding: QEMU guest agent is not connected"));
    assertThat(agent.responding()).isFalse();
  }

  @Test
  void respondingAgent() {
    fake.on(agentArgv("{\"execute\":\"guest-ping\"}")).stdout("{\"return\":{}}\n\n");

    assertThat(agent.responding()).isTrue();
  }

  @Test
  void execPollsOnTheHostClockUntilExitedAndDecodesOutput() {
    fake.on(agentArgv(EXEC_PING)).stdoutFromFixture("guest-agent/exec-started.json");
    host.sequence(
        agentArgv(STATUS),
        "guest-agent/exec-status-running.json",
        "guest-agent/exec-status-running.json",
        "guest-agent/exec-status-ping-ok.json");
    Instant start = fake.clock().now();

    GuestExecResult result = agent.exec("/usr/bin/ping", PING_ARGS, Duration.ofSeconds(30));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).isEqualTo(Fixtures.read("ping/iputils-ok.txt"));
    assertThat(PingSummary.parse(result.stdout()).noLoss()).isTrue();
    assertThat(result.stderr()).isEmpty();
    // Adaptive: 50 ms after the first running status, then 100 ms.
    assertThat(fake.clock().now())
        .isEqualTo(start.plus(GuestAgent.FIRST_RETRY).plus(GuestAgent.FIRST_RETRY.multipliedBy(2)));
    assertThat(fake.argvs()).hasSize(4);
  }

  @Test
  void execWithAnExpectedDurationPollsOnceForAQuickProgram() {
    fake.on(agentArgv(EXEC_PING)).stdoutFromFixture("guest-agent/exec-started.json");
    host.sequence(agentArgv(STATUS), "guest-agent/exec-status-ping-ok.json");
    Instant start = fake.clock().now();

    GuestExecResult result =
        agent.exec("/usr/bin/ping", PING_ARGS, Duration.ofSeconds(30), Duration.ofMillis(400));

    assertThat(result.succeeded()).isTrue();
    assertThat(fake.clock().now()).isEqualTo(start.plus(Duration.ofMillis(400)));
    assertThat(fake.argvs()).hasSize(2);
  }

  @Test
  void execOfAFailingProgramAndOfAKilledOne() {
    fake.on(agentArgv(EXEC_PING)).stdoutFromFixture("guest-agent/exec-started.json");
    host.sequence(
        agentArgv(STATUS),
        "guest-agent/exec-status-failed.json",
        "guest-agent/exec-status-signal.json");

    GuestExecResult failed = agent.exec("/usr/bin/ping", PING_ARGS, Duration.ofSeconds(30));
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.exitCode()).hasValue(1);
    assertThat(failed.stderr()).isEqualTo("ping: SO_BINDTODEVICE enp9s0: No such device\n");

    GuestExecResult killed = agent.exec("/usr/bin/ping", PING_ARGS, Duration.ofSeconds(30));
    assertThat(killed.exitCode()).isEmpty();
    assertThat(killed.signal()).hasValue(9);
    assertThat(killed.succeeded()).isFalse();
  }

  @Test
  void execGivesUpAfterTheTimeout() {
    fake.on(agentArgv(EXEC_PING)).stdoutFromFixture("guest-agent/exec-started.json");
    fake.on(agentArgv(STATUS)).stdoutFromFixture("guest-agent/exec-status-running.json");

    assertThatThrownBy(() -> agent.exec("/usr/bin/ping", PING_ARGS, Duration.ofSeconds(1)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("did not finish within 1s")
        .hasMessageContaining("pid 2815");
  }

  @Test
  void execOfAMissingProgramKeepsTheAgentsError() {
    String json =
        "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/nope\",\"arg\":[],"
            + "\"capture-output\":true,\"env\":[\"LC_ALL=C\"]}}";
    fake.on(agentArgv(json)).answer(1, "", Fixtures.read("guest-agent/exec-child-missing.stderr"));

    assertThatThrownBy(() -> agent.exec("/usr/bin/nope", List.of(), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> assertThat(e.toolMessage()).contains("Failed to execute child process"));
  }

  /** FakeHost answers one argv always the same way; this answers some argvs from a queue. */
  private static final class SequencedHost extends io.vfmigrate.host.ForwardingHost {
    private final FakeHost fake;
    private final Map<List<String>, Deque<String>> queues = new HashMap<>();

    SequencedHost(FakeHost fake) {
      super(fake);
      this.fake = fake;
    }

    void sequence(String[] argv, String... stdoutFixtures) {
      queues.put(List.of(argv), new ArrayDeque<>(List.of(stdoutFixtures)));
    }

    @Override
    public CommandResult run(Command command) {
      Deque<String> queue = queues.get(command.argv());
      if (queue != null && !queue.isEmpty()) {
        fake.on(command.argv().toArray(String[]::new)).stdoutFromFixture(queue.poll());
      }
      return fake.run(command);
    }

    /** Read by read, so that a batched command takes its queued answer too. */
    @Override
    public List<io.vfmigrate.host.ReadResult> readAll(List<io.vfmigrate.host.Read> reads) {
      return reads.stream().map(r -> io.vfmigrate.host.ReadResult.perform(this, r)).toList();
    }
  }
}
