package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for the real-lab suite's SSH tests: its own host key, config,
 * authorized_keys (holding a fresh client key) and known_hosts, all in a temporary directory;
 * started as {@code sshd -D -e -f CONFIG -p PORT} and stopped by its PID.
 */
public final class OpenSshServer implements LoopbackSshd {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Path dir;
  private final int port;
  private final Process process;
  private final Path log;

  private OpenSshServer(Path dir, int port, Process process, Path log) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(
          SSHD + " is missing: install openssh-server (.ci/run does) to run the real-lab suite.");
    }
    // sshd's privilege separation directory.
    Files.createDirectories(Path.of("/run/sshd"));
    keygen(dir.resolve("host_ed25519"));
    keygen(dir.resolve("id_ed25519"));
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_ed25519"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile " + dir.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "MaxSessions 20",
            "LogLevel INFO",
            ""));
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
    Path log = dir.resolve("sshd.log");
    Process process =
        new ProcessBuilder(
                SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    OpenSshServer server = new OpenSshServer(dir, port, process, log);
    server.awaitListening();
    return server;
  }

  private static void keygen(Path file) throws IOException, InterruptedException {
    run(
        List.of(
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", file.toString()));
  }

  static void run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(argv + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + io.vfmigrate.testing.BoundedWait.CEILING.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("sshd exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("sshd did not listen on port " + port + ": " + Files.readString(log));
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Path dir() {
    return dir;
  }

  /** How many logins sshd has accepted so far. */
  @Override
  public long acceptedLogins() throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("Accepted publickey")).count();
  }

  /** Stops sshd by its PID. */
  @Override
  public void close() throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      handle.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
