package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.testing.ScriptedConversation;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Read-only virsh commands answered by one interactive virsh, replayed from libvirt 9.0's own
 * interactive answers (captured on the real lab with the markers used here): each answer is what
 * the command prints alone, and anything the shell cannot answer runs as its own process.
 */
class VirshShellHostTest {
  private static final String DIR = "real/virsh-shell/";
  private static final String QUERY_MIGRATE = "{\"execute\":\"query-migrate\"}";

  private static Command virsh(String... words) {
    List<String> argv = new java.util.ArrayList<>(List.of("virsh"));
    argv.addAll(List.of(words));
    return Command.of(argv).inCLocale();
  }

  /** The markers the capture was made with, one per exchange. */
  private static Iterator<String> markers() {
    return List.of("vfmigrate-00000001", "vfmigrate-00000002", "vfmigrate-00000003").iterator();
  }

  private static ScriptedConversation captured() {
    return new ScriptedConversation(
        Fixtures.read(DIR + "exchanges.stdout"), Fixtures.read(DIR + "exchanges.stderr"));
  }

  private static String batchFixture(String name) {
    return Fixtures.read("real/virsh-batch/" + name);
  }

  @Test
  void eachCommandGetsWhatItPrintsAloneOnOneVirsh() {
    ScriptedConversation shell = captured();
    FakeHost inner = new FakeHost("src").conversation(shell);
    Iterator<String> markers = markers();
    VirshShellHost host = new VirshShellHost(inner, markers::next);

    CommandResult running = host.run(virsh("domstate", "vm1"));
    CommandResult missing = host.run(virsh("domstate", "nosuch"));
    CommandResult query = host.run(virsh("qemu-monitor-command", "vm1", QUERY_MIGRATE));

    // As virsh prints them alone (captured the same day, real/virsh-batch).
    assertThat(running.exitCode()).isZero();
    assertThat(running.stdout()).isEqualTo(batchFixture("domstate_vm1.stdout"));
    assertThat(running.stderr()).isEmpty();
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stdout()).isEqualTo(batchFixture("domstate_nosuch.stdout"));
    assertThat(missing.stderr()).isEqualTo(batchFixture("domstate_nosuch.stderr"));
    assertThat(query.exitCode()).isZero();
    assertThat(query.stdout())
        .isEqualTo("{\"return\":{\"status\":\"completed\"},\"id\":\"libvirt-426\"}\n\n");
    assertThat(query.command()).isEqualTo(virsh("qemu-monitor-command", "vm1", QUERY_MIGRATE));
    // One virsh, started once, no process of their own; the lines are the captured ones.
    assertThat(inner.commands()).isEmpty();
    assertThat(inner.conversations()).hasSize(1);
    assertThat(String.join("", shell.sent())).isEqualTo(Fixtures.read(DIR + "lines.txt"));
  }

  @Test
  void theGuestAgentsInterfacesAreReadOnTheShell() {
    ScriptedConversation shell =
        new ScriptedConversation(
            Fixtures.read(DIR + "agent.stdout"), Fixtures.read(DIR + "agent.stderr"));
    FakeHost inner = new FakeHost("src").conversation(shell);
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000004");
    String interfaces = "{\"execute\":\"guest-network-get-interfaces\"}";

    CommandResult result = host.run(virsh("qemu-agent-command", "vm1", interfaces));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("{\"return\":[{\"name\":\"lo\"").endsWith("}]}\n\n");
    assertThat(result.stdout().lines().filter(l -> !l.isEmpty())).hasSize(1);
    assertThat(inner.commands()).isEmpty();
    assertThat(shell.sent()).containsExactly(Fixtures.read(DIR + "agent-line.txt"));
  }

  private static final String PING_EXEC =
      "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"ping\",\"arg\":[\"-c\",\"3\",\"-i\","
          + "\"0.05\",\"-I\",\"eth0\",\"10.98.0.1\"],\"capture-output\":true,\"env\":[\"LC_ALL=C\"]}}";
  private static final String PING_STATUS =
      "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":1254}}";

  private static ScriptedConversation agentExec() {
    return new ScriptedConversation(
        Fixtures.read(DIR + "agent-exec.stdout"), Fixtures.read(DIR + "agent-exec.stderr"));
  }

  @Test
  void theAgentsGuestExecAndItsStatusAreAnsweredByTheShell() {
    ScriptedConversation shell = agentExec();
    FakeHost inner = new FakeHost("dst").conversation(shell);
    // Each command's marker, then its connection check's.
    Iterator<String> markers =
        List.of(
                "vfmigrate-00000005",
                "vfmigrate-00000006",
                "vfmigrate-00000007",
                "vfmigrate-00000008")
            .iterator();
    List<CommandResult> checks = new java.util.ArrayList<>();
    VirshShellHost host =
        new VirshShellHost(
            inner,
            markers::next,
            new VirshShellHost.Observer() {
              @Override
              public void started(Command shell) {}

              @Override
              public void checked(CommandResult check) {
                checks.add(check);
              }
            });

    CommandResult started = host.run(virsh("qemu-agent-command", "vm1", PING_EXEC));
    CommandResult status = host.run(virsh("qemu-agent-command", "vm1", PING_STATUS));

    // As virsh qemu-agent-command prints them alone: the reply and a blank line.
    assertThat(started.exitCode()).isZero();
    assertThat(started.stdout()).isEqualTo("{\"return\":{\"pid\":1254}}\n\n");
    assertThat(started.stderr()).isEmpty();
    assertThat(status.stdout())
        .startsWith("{\"return\":{\"exitcode\":0,\"out-data\":\"UElORyAxMC45OC4wLjEg")
        .endsWith("\"out-truncated\":false,\"exited\":true}}\n\n");
    assertThat(inner.commands()).isEmpty();
    // Each was preceded by a connection check on the shell, told to the observer (-v shows it).
    assertThat(checks).hasSize(2);
    assertThat(checks)
        .allSatisfy(
            c -> {
              assertThat(c.command().argv()).containsExactly("virsh", "version");
              assertThat(c.exitCode()).isZero();
              assertThat(c.stdout()).startsWith("Compiled against library: libvirt 9.0.0\n");
            });
    assertThat(String.join("", shell.sent()))
        .isEqualTo(Fixtures.read(DIR + "agent-exec-lines.txt"));
  }

  @Test
  void aGuestExecTheShellTookButDidNotAnswerIsNotSentAgain() {
    String stdout = Fixtures.read(DIR + "agent-exec.stdout");
    String stderr = Fixtures.read(DIR + "agent-exec.stderr");
    // The connection check answered; the shell then ended after the agent's reply to guest-exec
    // and before that line's end marker.
    String cut = stdout.substring(0, stdout.indexOf("{\"return\":{\"pid\":1254}}"));
    String cutErr = stderr.substring(0, stderr.indexOf("error: vfmigrate-00000005-1"));
    ScriptedConversation shell = new ScriptedConversation(cut, cutErr);
    FakeHost inner = new FakeHost("src").conversation(shell);
    inner.on("virsh", "domstate", "vm1").stdout("running\n\n");
    Iterator<String> markers =
        List.of("vfmigrate-00000005", "vfmigrate-00000006", "vfmigrate-00000009").iterator();
    VirshShellHost host = new VirshShellHost(inner, markers::next);

    assertThatThrownBy(() -> host.run(virsh("qemu-agent-command", "vm1", PING_EXEC)))
        .isInstanceOf(HostException.class)
        .hasMessageContaining("interactive virsh on src")
        .hasMessageContaining("not sent again")
        .extracting(e -> ((HostException) e).fix())
        .isEqualTo(
            "check that libvirtd on src answers (virsh list), then check the guest again:"
                + " vfmigrate verify vm1 --host src.");

    assertThat(shell.sent()).hasSize(2);
    assertThat(inner.commands()).isEmpty();
    assertThat(shell.closed()).isTrue();
    // The shell is given up: later commands run alone.
    assertThat(host.run(virsh("domstate", "vm1")).stdout()).isEqualTo("running\n\n");
    assertThat(inner.commands()).hasSize(1);
  }

  @Test
  void aConnectionThatDroppedWhileTheShellWasIdleIsFoundBeforeTheCommandIsSent() {
    ScriptedConversation shell =
        new ScriptedConversation(
            Fixtures.read(DIR + "agent-exec-dropped.stdout"),
            Fixtures.read(DIR + "agent-exec-dropped.stderr"));
    FakeHost inner = new FakeHost("src").conversation(shell);
    inner.on("virsh", "qemu-agent-command", "vm1", PING_STATUS).stdout("{\"return\":{}}\n\n");
    // A read, then the status's marker and its connection check's.
    Iterator<String> markers =
        List.of("vfmigrate-00000006", "vfmigrate-00000007", "vfmigrate-00000008").iterator();
    VirshShellHost host = new VirshShellHost(inner, markers::next);

    CommandResult version = host.run(virsh("version"));
    // libvirtd dropped the shell's connection here (captured): the check finds it, and the status,
    // not yet sent, runs as a virsh of its own, once.
    CommandResult status = host.run(virsh("qemu-agent-command", "vm1", PING_STATUS));

    assertThat(version.stdout()).startsWith("Compiled against library: libvirt 9.0.0\n");
    assertThat(status.stdout()).isEqualTo("{\"return\":{}}\n\n");
    assertThat(String.join("", shell.sent()))
        .isEqualTo(Fixtures.read(DIR + "agent-exec-dropped-lines.txt"));
    assertThat(inner.commands()).hasSize(1);
    assertThat(shell.closed()).isTrue();
  }

  @Test
  void aConnectionCheckThatTimesOutSendsNothingMore() {
    // A shell that answers nothing: its libvirtd does not answer within the command's time limit.
    ScriptedConversation shell = new ScriptedConversation("", "");
    FakeHost inner = new FakeHost("src").conversation(shell);
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000005");
    Command exec =
        virsh("qemu-agent-command", "vm1", PING_EXEC).withTimeout(java.time.Duration.ofNanos(1));

    assertThatThrownBy(() -> host.run(exec))
        .isInstanceOf(HostException.class)
        .hasMessageContaining("connection check ('virsh version')")
        .hasMessageContaining("was not sent");

    // Only the check went to the shell, and nothing ran alone.
    assertThat(shell.sent()).hasSize(1);
    assertThat(shell.sent().get(0)).contains(" ; 'version' ; ");
    assertThat(inner.commands()).isEmpty();
    assertThat(shell.closed()).isTrue();
  }

  @Test
  void aGuestExecForAShellThatHadGoneRunsAloneOnce() {
    ScriptedConversation shell = agentExec().dies();
    FakeHost inner = new FakeHost("dst").conversation(shell);
    inner
        .on("virsh", "qemu-agent-command", "vm1", PING_EXEC)
        .stdout("{\"return\":{\"pid\":7}}\n\n");
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000005");

    CommandResult started = host.run(virsh("qemu-agent-command", "vm1", PING_EXEC));

    // Nothing reached the shell, so the command runs as its own virsh, once.
    assertThat(started.stdout()).isEqualTo("{\"return\":{\"pid\":7}}\n\n");
    assertThat(shell.sent()).isEmpty();
    assertThat(inner.commands()).hasSize(1);
  }

  @Test
  void aGuestExecOutsideTheCLocaleOrWithAQuoteRunsAlone() {
    FakeHost inner = new FakeHost("dst").conversation(agentExec());
    String quoted = "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"it's\"}}";
    inner.on("virsh", "qemu-agent-command", "vm1", quoted).succeeds();
    inner.on("virsh", "qemu-agent-command", "vm1", PING_EXEC).succeeds();
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000005");

    host.run(virsh("qemu-agent-command", "vm1", quoted));
    host.run(Command.of("virsh", "qemu-agent-command", "vm1", PING_EXEC));

    assertThat(inner.commands()).hasSize(2);
    assertThat(inner.conversations()).isEmpty();
  }

  @Test
  void theShellKeepsTheOperatorsHistoryAndTerminalOutOfIt() {
    FakeHost inner = new FakeHost("src").conversation(captured());
    Iterator<String> markers = markers();

    List<Command> told = new java.util.ArrayList<>();
    VirshShellHost host = new VirshShellHost(inner, markers::next, told::add);
    host.run(virsh("domstate", "vm1"));
    host.run(virsh("domstate", "nosuch"));

    Command started = inner.conversations().get(0);
    // Its start is told once (-v shows it as the exec it is).
    assertThat(told).containsExactly(started);
    assertThat(started.argv()).containsExactly("virsh");
    assertThat(started.env())
        .containsEntry("LC_ALL", "C")
        .containsEntry("XDG_CACHE_HOME", "/dev/null")
        .containsEntry("INPUTRC", "/dev/null")
        .containsEntry("TERM", "dumb");
  }

  @Test
  void whatIsNotAReadOnTheDefaultConnectionRunsAsItsOwnProcess() {
    FakeHost inner = new FakeHost("src").conversation(captured());
    inner.on("virsh", "migrate", "--live", "vm1", "qemu+ssh://dst/system").succeeds();
    inner.on("virsh", "-c", "qemu+ssh://dst/system", "domstate", "vm1").stdout("running\n\n");
    inner.on("virsh", "qemu-monitor-command", "vm1", "{\"execute\":\"migrate_cancel\"}").succeeds();
    inner.on("virsh", "domstate", "it's").stdout("running\n\n");
    inner.on("virsh", "hypervisor-cpu-compare", "/dev/stdin").succeeds();
    inner.on("virsh", "domstate", "vm\t1").stdout("running\n\n");
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000009");

    host.run(virsh("migrate", "--live", "vm1", "qemu+ssh://dst/system"));
    host.run(virsh("-c", "qemu+ssh://dst/system", "domstate", "vm1"));
    host.run(virsh("qemu-monitor-command", "vm1", "{\"execute\":\"migrate_cancel\"}"));
    host.run(virsh("domstate", "it's"));
    host.run(virsh("hypervisor-cpu-compare", "/dev/stdin").withStdin("<domain/>"));
    host.run(virsh("domstate", "vm\t1"));

    assertThat(inner.commands()).hasSize(6);
    assertThat(inner.conversations()).isEmpty();
  }

  @Test
  void aShellThatDiesIsAskedNoMoreAndItsCommandRunsAlone() {
    ScriptedConversation shell = captured().dies();
    FakeHost inner = new FakeHost("src").conversation(shell);
    inner.on("virsh", "domstate", "vm1").stdout("running\n\n");
    Iterator<String> markers = markers();
    VirshShellHost host = new VirshShellHost(inner, markers::next);

    CommandResult first = host.run(virsh("domstate", "vm1"));
    CommandResult second = host.run(virsh("domstate", "vm1"));

    assertThat(first.stdout()).isEqualTo("running\n\n");
    assertThat(second.stdout()).isEqualTo("running\n\n");
    assertThat(inner.commands()).hasSize(2);
    assertThat(inner.conversations()).hasSize(1);
    assertThat(shell.closed()).isTrue();
  }

  /**
   * The capture with virsh's words about its own connection where they would come (vsh.c,
   * virshReconnect): a shell that could not connect when it started says so before any marker; one
   * whose connection dropped says so in the next command's answer.
   */
  @Test
  void aShellThatTellsOfItsConnectionIsGivenUpAndTheCommandRunsAlone() {
    String out = Fixtures.read(DIR + "exchanges.stdout");
    String err = Fixtures.read(DIR + "exchanges.stderr");
    List<ScriptedConversation> shells =
        List.of(
            new ScriptedConversation(
                out,
                "error: failed to connect to the hypervisor\n"
                    + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock':"
                    + " No such file or directory\n"
                    + err),
            new ScriptedConversation(
                out,
                err.replace(
                    "error: vfmigrate-00000001-0\n",
                    "error: vfmigrate-00000001-0\nerror: Reconnected to the hypervisor\n")));
    for (ScriptedConversation shell : shells) {
      FakeHost inner = new FakeHost("src").conversation(shell);
      inner.on("virsh", "domstate", "vm1").stdout("running\n\n");
      Iterator<String> markers = markers();
      VirshShellHost host = new VirshShellHost(inner, markers::next);

      CommandResult first = host.run(virsh("domstate", "vm1"));
      host.run(virsh("domstate", "vm1"));

      assertThat(first.exitCode()).isZero();
      assertThat(first.stderr()).isEmpty();
      assertThat(inner.commands()).hasSize(2);
      assertThat(shell.closed()).isTrue();
    }
  }

  @Test
  void aCommandOutsideTheCLocaleRunsAlone() {
    FakeHost inner = new FakeHost("src").conversation(captured());
    inner.on("virsh", "domstate", "vm1").stdout("running\n\n");
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000001");

    host.run(Command.of("virsh", "domstate", "vm1"));

    assertThat(inner.commands()).hasSize(1);
    assertThat(inner.conversations()).isEmpty();
  }

  @Test
  void aHostThatKeepsNoProcessOpenRunsEveryCommandAsBefore() {
    FakeHost inner = new FakeHost("src");
    inner.on("virsh", "domstate", "vm1").stdout("running\n\n");
    VirshShellHost host = new VirshShellHost(inner, () -> "vfmigrate-00000009");

    host.run(virsh("domstate", "vm1"));
    host.run(virsh("domstate", "vm1"));

    assertThat(inner.commands()).hasSize(2);
    // Asked once: a host that cannot is not asked again.
    assertThat(inner.conversations()).hasSize(1);
  }

  @Test
  void aBatchKeepsItsOrderWithTheHostsOtherReads() {
    FakeHost inner = new FakeHost("src").conversation(captured());
    inner.on("uname", "-r").stdout("6.1.0\n");
    inner.file("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "4\n");
    Iterator<String> markers = markers();
    VirshShellHost host = new VirshShellHost(inner, markers::next);
    List<Read> reads =
        List.of(
            new Read.Run(Command.of("uname", "-r")),
            new Read.Run(virsh("domstate", "vm1")),
            new Read.File("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs"),
            new Read.Run(virsh("domstate", "nosuch")));

    List<ReadResult> results = host.readAll(reads);

    assertThat(results).extracting(ReadResult::read).containsExactlyElementsOf(reads);
    assertThat(results.get(0).commandResult().stdout()).isEqualTo("6.1.0\n");
    assertThat(results.get(1).commandResult().stdout()).isEqualTo("running\n\n");
    assertThat(results.get(2).text()).isEqualTo("4\n");
    assertThat(results.get(3).commandResult().exitCode()).isEqualTo(1);
    assertThat(inner.commands()).extracting(Command::argv).containsExactly(List.of("uname", "-r"));
  }

  @Test
  void closingTheHostEndsItsShell() {
    ScriptedConversation shell = captured();
    FakeHost inner = new FakeHost("src").conversation(shell);
    Iterator<String> markers = markers();
    VirshShellHost host = new VirshShellHost(inner, markers::next);
    host.run(virsh("domstate", "vm1"));

    host.close();

    assertThat(shell.closed()).isTrue();
  }
}
