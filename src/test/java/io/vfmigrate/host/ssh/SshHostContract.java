package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.host.local.LocalHost;
import io.vfmigrate.testing.BoundedWait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SshHost does against an SSH server on loopback that runs commands as OpenSSH's sshd does:
 * {@link SshHostTest} runs it against {@link ShellSshServer} (no system sshd needed), {@link
 * SshHostOpenSshIT} against a real OpenSSH sshd in the real-lab suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SshHostContract {
  private static final List<String> NASTY =
      List.of(
          "plain",
          "two words",
          "it's",
          "\"double\"",
          "$(id)",
          "${HOME}",
          "; echo injected",
          "`id`",
          "line one\nline two",
          "*",
          "-n",
          "--",
          "",
          " ",
          "back\\slash",
          "tab\there",
          "a|b&c>d<e",
          "#comment",
          "!bang",
          "'; echo '",
          "ünïcödé ✓");

  private LoopbackSshd server;
  private SshHost host;
  private Path work;

  /** Starts the server under test, keeping its files in {@code dir}. */
  abstract LoopbackSshd startServer(Path dir) throws Exception;

  @BeforeAll
  void startServerAndConnect(@TempDir Path serverDir) throws Exception {
    server = startServer(serverDir);
    host = SshHost.connect("kvm-a", server.target(), server.options());
  }

  @BeforeEach
  void freshWorkDirectory(@TempDir Path dir) {
    work = dir;
  }

  @AfterAll
  void stopServer() throws Exception {
    if (host != null) {
      host.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyArgumentArrivesAsExactlyOneWord() {
    List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
    argv.addAll(NASTY);

    CommandResult r = host.run(Command.of(argv));

    StringBuilder expected = new StringBuilder();
    NASTY.forEach(a -> expected.append(a).append('\n'));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).isEqualTo(expected.toString());
  }

  @Test
  void argumentsThatLookLikeInjectionRunNothing() throws Exception {
    Path marker = work.resolve("injected");
    String attempt = "x; touch " + marker + "; $(touch " + marker + ") `touch " + marker + "`";

    CommandResult r = host.run(Command.of("echo", attempt));

    assertThat(r.stdout()).isEqualTo(attempt + "\n");
    assertThat(marker).doesNotExist();
  }

  @Test
  void exitCodesStdinAndStderrComeBackAsLocally() {
    assertThat(host.run(Command.of("true")).exitCode()).isZero();
    assertThat(host.run(Command.of("false")).exitCode()).isEqualTo(1);
    assertThat(host.run(Command.of("sh", "-c", "exit 42")).exitCode()).isEqualTo(42);

    CommandResult missing = host.run(Command.of("no-such-program-vfm", "--version"));
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.programMissing()).isTrue();
    assertThat(missing.stderr()).contains("no-such-program-vfm: command not found");

    CommandResult err = host.run(Command.of("sh", "-c", "echo out; echo 'oh no' >&2; exit 3"));
    assertThat(err.exitCode()).isEqualTo(3);
    assertThat(err.stdout()).isEqualTo("out\n");
    assertThat(err.stderr()).isEqualTo("oh no\n");
    assertThat(err.errorText()).isEqualTo("oh no");

    String input = "first line\nsecond 'line' $(id)\n";
    assertThat(host.run(Command.of("cat").withStdin(input)).stdout()).isEqualTo(input);
    assertThat(host.run(Command.of("cat")).stdout()).isEmpty();
    String big = "0123456789abcdef".repeat(64 * 1024);
    assertThat(host.run(Command.of("wc", "-c").withStdin(big)).stdout().strip())
        .isEqualTo(String.valueOf(big.length()));
  }

  @Test
  void createExclusiveTakesAClaimOnceAndMakesItsDirectory() throws Exception {
    String claim = work.resolve("claims dir/0000:e1:00.2").toString();
    assertThat(host.createExclusive(claim, "vm1 from src\n")).isTrue();
    assertThat(host.createExclusive(claim, "another run\n")).isFalse();
    assertThat(host.readFile(claim)).isEqualTo("vm1 from src\n");
    host.deleteFile(claim);
    assertThat(host.createExclusive(claim, "again\n")).isTrue();
  }

  @Test
  void aBatchOfReadsIsOneExecAndGivesWhatEachReadGivesAlone() throws Exception {
    Path dir = work.resolve("batch dir $(id)");
    Files.createDirectories(dir);
    Path file = dir.resolve("value");
    Files.writeString(file, "0x15b3\n");
    Path noNewline = dir.resolve("bare");
    Files.writeString(noNewline, "no newline");
    Path link = dir.resolve("virtfn0");
    Files.createSymbolicLink(link, Path.of("../0000:e1:00.1"));
    List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
    argv.addAll(NASTY);
    List<Read> reads =
        List.of(
            new Read.File(file.toString()),
            new Read.File(noNewline.toString()),
            new Read.File(dir.resolve("missing").toString()),
            new Read.Link(link.toString()),
            new Read.Link(file.toString()),
            new Read.Directory(dir.toString()),
            new Read.Exists(file.toString()),
            new Read.Exists(dir.resolve("missing").toString()),
            new Read.Run(Command.of(argv)),
            new Read.Run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3")),
            new Read.Run(Command.of("no-such-program-vfmigrate")),
            new Read.Run(Command.of("printenv", "LC_ALL").inCLocale()));
    long before = host.execs();

    List<ReadResult> batch = host.readAll(reads);

    assertThat(host.execs() - before).isEqualTo(1);
    assertThat(batch).hasSameSizeAs(reads);
    for (int i = 0; i < reads.size(); i++) {
      ReadResult alone = ReadResult.perform(host, reads.get(i));
      ReadResult batched = batch.get(i);
      assertThat(batched.read()).isEqualTo(reads.get(i));
      if (alone.error() != null) {
        assertThat(batched.error()).as(reads.get(i).toString()).isNotNull();
        assertThat(batched.error().getMessage()).isEqualTo(alone.error().getMessage());
      } else if (alone.value() instanceof CommandResult c) {
        CommandResult b = batched.commandResult();
        assertThat(b.exitCode()).as(reads.get(i).toString()).isEqualTo(c.exitCode());
        assertThat(b.stdout()).isEqualTo(c.stdout());
        if (c.exitCode() != 127) {
          assertThat(b.stderr()).isEqualTo(c.stderr());
        }
      } else {
        assertThat(batched.value()).as(reads.get(i).toString()).isEqualTo(alone.value());
      }
    }
    assertThat(batch.get(0).text()).isEqualTo("0x15b3\n");
    assertThat(batch.get(1).text()).isEqualTo("no newline");
    assertThat(batch.get(3).link()).contains("../0000:e1:00.1");
    assertThat(batch.get(10).commandResult().exitCode()).isEqualTo(127);
    assertThat(batch.get(11).commandResult().stdout()).isEqualTo("C\n");
  }

  @Test
  void aReadWithStdinRidesTheBatchAndOpensDevStdinAsAPipe() {
    String xml = "<domain>\n  <name>vm 'one'</name>\n</domain>\n";
    List<Read> reads =
        List.of(
            new Read.Run(Command.of("cat", "--", "/dev/stdin").withStdin(xml)),
            new Read.Run(Command.of("cat")),
            new Read.Run(Command.of("wc", "-c", "/dev/stdin").withStdin("second")));
    long before = host.execs();

    List<ReadResult> batch = host.readAll(reads);

    // One exec carries the first read with stdin; a second one is read alone.
    assertThat(host.execs() - before).isEqualTo(2);
    assertThat(batch.get(0).commandResult().stdout()).isEqualTo(xml);
    assertThat(batch.get(0).commandResult().exitCode()).isZero();
    assertThat(batch.get(1).commandResult().stdout()).as("no stdin: /dev/null").isEmpty();
    assertThat(batch.get(2).commandResult().stdout()).isEqualTo("6 /dev/stdin\n");

    before = host.execs();
    List<ReadResult> alone =
        host.readAll(List.of(new Read.Run(Command.of("cat", "/dev/stdin").withStdin(xml))));
    assertThat(host.execs() - before).isEqualTo(1);
    assertThat(alone.get(0).commandResult().stdout()).isEqualTo(xml);
  }

  @Test
  void aTemporaryFileAndAClaimAreOneExecEach() throws Exception {
    long before = host.execs();
    String path = host.createTempFile("vfmigrate-one-", "content\n");
    assertThat(host.execs() - before).isEqualTo(1);
    assertThat(Files.readString(Path.of(path))).isEqualTo("content\n");
    Files.delete(Path.of(path));

    String claim = work.resolve("new dir/0000:e1:00.2").toString();
    before = host.execs();
    assertThat(host.createExclusive(claim, "one")).isTrue();
    assertThat(host.execs() - before).isEqualTo(1);
  }

  @Test
  void aSignalKilledCommandExitsWith128PlusTheSignal() {
    assertThat(host.run(Command.of("sh", "-c", "kill -TERM $$")).exitCode()).isEqualTo(143);
  }

  @Test
  void filesAreReadWrittenListedAndDeleted() throws Exception {
    Path dir = work.resolve("dir with 'quotes' and $(id)");
    Files.createDirectory(dir);
    Path file = dir.resolve("sriov_numvfs");

    host.writeFile(file.toString(), "4\n");
    assertThat(Files.readString(file)).isEqualTo("4\n");
    assertThat(host.readFile(file.toString())).isEqualTo("4\n");
    host.writeFile(file.toString(), "0");
    assertThat(host.readFile(file.toString())).isEqualTo("0");

    Files.writeString(dir.resolve(".hidden"), "");
    Files.writeString(dir.resolve("-dash"), "");
    Files.writeString(dir.resolve("b c"), "");
    assertThat(host.listDirectory(dir.toString()))
        .containsExactly("-dash", ".hidden", "b c", "sriov_numvfs");

    Files.createSymbolicLink(dir.resolve("physfn"), Path.of("../0000:e1:00.0"));
    assertThat(host.readLink(dir.resolve("physfn").toString())).contains("../0000:e1:00.0");
    assertThat(host.readLink(file.toString())).isEmpty();
    assertThat(host.readLink(dir.resolve("missing").toString())).isEmpty();

    assertThat(host.exists(file.toString())).isTrue();
    assertThat(host.exists(dir.resolve("-dash").toString())).isTrue();
    assertThat(host.exists(dir.resolve("missing").toString())).isFalse();

    host.deleteFile(file.toString());
    assertThat(file).doesNotExist();
    host.deleteFile(file.toString());
  }

  @Test
  void temporaryFilesArePrivate() throws Exception {
    String path = host.createTempFile("vfmigrate-", "<interface type='hostdev'/>\n");
    try {
      assertThat(path).startsWith("/tmp/vfmigrate-");
      assertThat(Files.readString(Path.of(path))).isEqualTo("<interface type='hostdev'/>\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))))
          .isEqualTo("rw-------");
    } finally {
      host.deleteFile(path);
    }
    assertThat(Path.of(path)).doesNotExist();
  }

  @Test
  void fileErrorsCarryTheSameReasonAsOnTheLocalHost() throws Exception {
    Path dir = work.resolve("d");
    Files.createDirectory(dir);
    Path missing = work.resolve("missing");
    LocalHost local = new LocalHost("local");

    assertSameReason(local, h -> h.readFile(missing.toString()), "No such file or directory");
    assertSameReason(local, h -> h.readFile(dir.toString()), "Is a directory");
    assertSameReason(local, h -> h.writeFile(dir.toString(), "1"), "Is a directory");
    assertSameReason(
        local, h -> h.writeFile(missing.resolve("x").toString(), "1"), "No such file or directory");
    assertSameReason(local, h -> h.listDirectory(missing.toString()), "No such file or directory");
  }

  @Test
  void aDirectoryIsNotDeletedAsAFile() throws Exception {
    Path dir = work.resolve("d");
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("f"), "");

    assertThatThrownBy(() -> host.deleteFile(dir.toString()))
        .isInstanceOfSatisfying(
            FileAccessException.class, e -> assertThat(e.reason()).isEqualTo("Is a directory"));
  }

  private void assertSameReason(LocalHost local, Consumer<Host> op, String reason) {
    for (Host h : List.of(host, local)) {
      assertThatThrownBy(() -> op.accept(h))
          .as(h.name())
          .isInstanceOfSatisfying(
              FileAccessException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).startsWith(h.name() + ": ");
              });
    }
  }

  @Test
  void aSlowCommandIsStoppedAtItsTimeoutAndTheSessionGoesOn() throws Exception {
    // An hour-long sleep: if it were waited for rather than stopped, the bounded wait (minutes)
    // would fail and the process would still be listed. How fast it was stopped is not asserted.
    Command sleep = Command.of("sleep", "3600.25").withTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(
            () -> BoundedWait.ends("'sleep 3600.25' with a 1 s timeout", () -> host.run(sleep)))
        .isInstanceOf(CommandTimeoutException.class)
        .hasMessageContaining("'sleep 3600.25' on kvm-a did not finish within 1 s");

    waitUntil(() -> processes("sleep 3600.25").isEmpty());
    assertThat(host.run(Command.of("echo", "still here")).stdout()).isEqualTo("still here\n");
  }

  @Test
  void aConversationKeepsOneProcessForManyExchangesOnOneChannel() {
    long before = host.execs();
    Command sh = Command.of("sh").withEnv("GREETING", "it's here");
    try (io.vfmigrate.host.Conversation c = host.converse(sh).orElseThrow()) {
      assertThat(c.send("echo \"$GREETING\"; echo E1 >&2; echo M1; echo F1 >&2\n")).isTrue();
      assertThat(c.receive("M1", "F1", Duration.ofSeconds(20)))
          .contains(new io.vfmigrate.host.Conversation.Exchange("it's here\nM1\n", "E1\nF1\n"));
      assertThat(c.send("echo $$; echo M2; echo F2 >&2\n")).isTrue();
      assertThat(c.receive("M2", "F2", Duration.ofSeconds(20))).isPresent();
      c.send("exit 0\n");
      assertThat(c.receive("M3", "F3", Duration.ofSeconds(20))).isEmpty();
    }
    assertThat(host.execs() - before).isEqualTo(1);
  }

  @Test
  void oneSessionCarriesManyCommands() throws Exception {
    long before = server.acceptedLogins();
    try (SshHost fresh = SshHost.connect("kvm-b", server.target(), server.options())) {
      for (int i = 0; i < 25; i++) {
        assertThat(fresh.run(Command.of("echo", String.valueOf(i))).stdout()).isEqualTo(i + "\n");
      }
      fresh.readFile(server.knownHosts().toString());
      fresh.exists("/");
    }
    assertThat(server.acceptedLogins() - before).isEqualTo(1);
  }

  @Test
  void twoHostsConnectedAheadAtOnceEachLogInOnceAndRunTheirCommandsOnThatSession()
      throws Exception {
    long before = server.acceptedLogins();
    try (SshHost a = SshHost.connect("kvm-d", server.target(), server.options());
        SshHost b = SshHost.connect("kvm-e", server.target(), server.options())) {
      a.connectAhead();
      b.connectAhead();
      a.connectAhead();
      waitUntil(() -> logins() - before == 2);
      for (int i = 0; i < 5; i++) {
        assertThat(a.run(Command.of("echo", "a" + i)).stdout()).isEqualTo("a" + i + "\n");
        assertThat(b.run(Command.of("echo", "b" + i)).stdout()).isEqualTo("b" + i + "\n");
      }
      b.connectAhead();
      assertThat(b.run(Command.of("echo", "again")).stdout()).isEqualTo("again\n");
      assertThat(a.execs() + b.execs()).isEqualTo(11);
    }
    assertThat(server.acceptedLogins() - before).isEqualTo(2);
  }

  @Test
  void aHostConnectedAheadButNeverUsedClosesWithoutError() throws Exception {
    SshHost unused = SshHost.connect("kvm-f", server.target(), server.options());
    unused.connectAhead();
    unused.close();
    assertThatThrownBy(() -> unused.run(Command.of("true")))
        .isInstanceOf(io.vfmigrate.host.HostException.class)
        .hasMessage("The SSH connection to kvm-f was closed.");
  }

  private long logins() {
    try {
      return server.acceptedLogins();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void noSessionIsOpenedBeforeTheFirstCommand() throws Exception {
    long before = server.acceptedLogins();
    try (SshHost idle = SshHost.connect("kvm-c", server.target(), server.options())) {
      assertThat(idle.name()).isEqualTo("kvm-c");
    }
    assertThat(server.acceptedLogins()).isEqualTo(before);
  }

  @Test
  void aStartedCommandIsPolledAndKilled() throws Exception {
    RunningCommand running =
        host.start(Command.of("sh", "-c", "echo migrating >&2; sleep 31.5; echo never"));

    assertThat(running.poll()).isEmpty();
    waitUntil(() -> running.stderrSoFar().equals("migrating\n"));
    assertThat(running.waitFor(Duration.ofMillis(200))).isEmpty();

    running.kill();

    Optional<CommandResult> result = running.poll();
    assertThat(result).isPresent();
    assertThat(result.get().exitCode()).isEqualTo(137);
    // SIGKILL reaches the session at once, but a loaded host may list it a moment longer.
    waitUntil(() -> processes("sleep 31.5").isEmpty());
  }

  @Test
  void aCommandsEnvironmentArrivesWordForWordAndAMissingProgramIsStill127() {
    for (String value : NASTY) {
      CommandResult r =
          host.run(Command.of("printenv", "VFM_VALUE").withEnv("VFM_VALUE", value).inCLocale());
      assertThat(r.exitCode()).as(value).isZero();
      assertThat(r.stdout()).as(value).isEqualTo(value + "\n");
    }
    assertThat(host.run(Command.of("printenv", "LC_ALL").inCLocale()).stdout()).isEqualTo("C\n");

    CommandResult missing = host.run(Command.of("no-such-program-vfm", "--version").inCLocale());
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.programMissing()).isTrue();
  }

  @Test
  void aStartedCommandWithAnEnvironmentIsStillKilledWithItsChildren() throws Exception {
    RunningCommand running =
        host.start(
            Command.of("sh", "-c", "echo migrating >&2; sleep 32.5; echo never").inCLocale());
    waitUntil(() -> running.stderrSoFar().equals("migrating\n"));

    running.kill();

    assertThat(running.poll()).isPresent();
    assertThat(running.poll().get().exitCode()).isEqualTo(137);
    // SIGKILL reaches the session at once, but a loaded host may list it a moment longer.
    waitUntil(() -> processes("sleep 32.5").isEmpty());
  }

  @Test
  void aStartedCommandIsWaitedFor() {
    RunningCommand running =
        host.start(Command.of("sh", "-c", "echo 1% >&2; sleep 0.3; echo done; exit 5"));

    Optional<CommandResult> result = running.waitFor(BoundedWait.CEILING);

    assertThat(result).isPresent();
    assertThat(result.get().exitCode()).isEqualTo(5);
    assertThat(result.get().stdout()).isEqualTo("done\n");
    assertThat(running.stderrSoFar()).isEqualTo("1%\n");
    assertThat(running.poll()).contains(result.get());
  }

  @Test
  void hashedKnownHostsEntriesAreHonoured() throws Exception {
    Path hashed = work.resolve("known_hosts");
    Files.writeString(
        hashed,
        TestKeys.hashedLine(
            "[127.0.0.1]:" + server.port(), Files.readString(server.hostPublicKey())));
    assertThat(Files.readString(hashed)).startsWith("|1|").doesNotContain("127.0.0.1");

    try (SshHost h =
        SshHost.connect("h", server.target(), server.options().withKnownHosts(hashed))) {
      assertThat(h.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
    }
  }

  @Test
  void anUnknownRealHostKeyIsRefusedWithTheFingerprintSshKeygenShows() throws Exception {
    Path empty = work.resolve("known_hosts");
    Files.writeString(empty, "");
    String fingerprint = TestKeys.fingerprint(server.hostPublicKey());

    try (SshHost h =
        SshHost.connect("h", server.target(), server.options().withKnownHosts(empty))) {
      assertThatThrownBy(() -> h.run(Command.of("true")))
          .isInstanceOfSatisfying(
              UnknownHostKeyException.class,
              e -> {
                assertThat(e.fingerprint()).isEqualTo(fingerprint);
                assertThat(e.getMessage()).contains("ED25519 key fingerprint is " + fingerprint);
              });
    }
  }

  @Test
  void aKeyWithAPassphraseIsRefusedWithTheFix() throws Exception {
    Path key = TestKeys.write(TestKeys.ed25519(), work.resolve("id_locked"), "secret");

    try (SshHost h =
        SshHost.connect("h", server.target(), server.options().withIdentityFile(key))) {
      assertThatThrownBy(() -> h.run(Command.of("true")))
          .isInstanceOfSatisfying(
              SshIdentityException.class,
              e -> {
                assertThat(e.getMessage()).contains(key.toString()).contains("passphrase");
                assertThat(e.fix()).contains("ssh-keygen -p -N '' -f " + key);
              });
    }
  }

  @Test
  void anRsaKeyLogsInToo() throws Exception {
    Path key = TestKeys.write(TestKeys.rsa(), work.resolve("id_rsa"), null);
    Path authorized = server.authorizedKeys();
    Files.writeString(
        authorized,
        Files.readString(authorized) + Files.readString(Path.of(key + ".pub")),
        StandardCharsets.UTF_8);

    try (SshHost h =
        SshHost.connect("h", server.target(), server.options().withIdentityFile(key))) {
      assertThat(h.run(Command.of("echo", "rsa")).stdout()).isEqualTo("rsa\n");
    }
  }

  /** The processes on the host whose command line is exactly {@code args}. */
  private List<String> processes(String args) {
    return host.run(Command.of("ps", "-eo", "pid,ppid,stat,args"))
        .stdout()
        .lines()
        .filter(l -> l.endsWith(" " + args))
        .toList();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    BoundedWait.until("the condition", condition);
  }
}
