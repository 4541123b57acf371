package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;

/**
 * An in-process SSH server (Apache MINA SSHD) on 127.0.0.1 that runs each exec request the way
 * OpenSSH's sshd does, so that SshHost's tests need no system sshd: the command line goes to the
 * user's login shell as {@code SHELL -c LINE}, in a new session ({@code setsid}, as sshd makes each
 * command a session leader), with sshd's environment (HOME, USER, LOGNAME, SHELL, and Debian's
 * PATH), in the home directory; stdin, stdout, stderr and the exit status travel over the channel.
 * Keys are authorized by an authorized_keys file read at each login. The "signal" request is
 * honoured for ordinary users and ignored for root, as OpenSSH does ("session signalling requires
 * privilege separation", session.c), so root's kill takes SshHost's other path.
 */
public final class ShellSshServer implements LoopbackSshd {
  /** OpenSSH's default PATH on Debian (configure --with-default-path / --with-superuser-path). */
  private static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";

  private static final String ROOT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path dir;
  private final SshServer sshd;
  private final AtomicLong logins;

  private ShellSshServer(Path dir, SshServer sshd, AtomicLong logins) {
    this.dir = dir;
    this.sshd = sshd;
    this.logins = logins;
  }

  /** Starts a server whose keys and files are kept in {@code dir}. */
  public static ShellSshServer start(Path dir) throws IOException, GeneralSecurityException {
    KeyPair hostKey = TestKeys.ed25519();
    TestKeys.write(hostKey, dir.resolve("host_ed25519"), null);
    TestKeys.write(TestKeys.ed25519(), dir.resolve("id_ed25519"), null);
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));

    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(List.of(hostKey)));
    sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(dir.resolve("authorized_keys")));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, line) -> new ShellCommand(line));
    AtomicLong logins = new AtomicLong();
    sshd.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
              logins.incrementAndGet();
            }
          }
        });
    sshd.start();
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:"
            + sshd.getPort()
            + " "
            + PublicKeyEntry.toString(hostKey.getPublic())
            + "\n");
    return new ShellSshServer(dir, sshd, logins);
  }

  @Override
  public int port() {
    return sshd.getPort();
  }

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public long acceptedLogins() {
    return logins.get();
  }

  /** The SSH sessions open now (a login made and not yet closed). */
  public int openSessions() {
    return sshd.getActiveSessions().size();
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  /** The user's login shell from /etc/passwd, as sshd takes it (default /bin/sh). */
  static String loginShell(String user) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] f = line.split(":", -1);
        if (f.length >= 7 && f[0].equals(user) && !f[6].isEmpty()) {
          return f[6];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "/bin/sh";
  }

  /** One exec request: {@code setsid SHELL -c LINE}, its streams piped through the channel. */
  private static final class ShellCommand extends ChannelStreams {
    private final String line;
    private Process process;

    ShellCommand(String line) {
      this.line = line;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      String user = System.getProperty("user.name");
      String shell = loginShell(user);
      ProcessBuilder pb = new ProcessBuilder("setsid", shell, "-c", line);
      Map<String, String> e = pb.environment();
      e.clear();
      String home = System.getProperty("user.home");
      e.put("HOME", home);
      e.put("USER", user);
      e.put("LOGNAME", user);
      e.put("SHELL", shell);
      e.put("PATH", user.equals("root") ? ROOT_PATH : USER_PATH);
      pb.directory(Path.of(home).toFile());
      process = pb.start();
      if (!user.equals("root")) {
        env.addSignalListener((ch, signal) -> signal(signal));
      }
      Thread stdin = pump("stdin", in, process.getOutputStream());
      Thread stdout = pump("stdout", process.getInputStream(), out);
      Thread stderr = pump("stderr", process.getErrorStream(), err);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  int code = process.waitFor();
                  stdout.join();
                  stderr.join();
                  stdin.interrupt();
                  exit.onExit(code);
                } catch (InterruptedException ignored) {
                  Thread.currentThread().interrupt();
                }
              },
              "exec " + line);
      waiter.setDaemon(true);
      waiter.start();
    }

    /** Sends {@code signal} to the command's session, as sshd's killpg does. */
    private void signal(Signal signal) {
      try {
        new ProcessBuilder(
                "bash",
                "-c",
                "kill -s \"$1\" -- \"-$2\"",
                "signal",
                signal.name(),
                String.valueOf(process.pid()))
            .start()
            .waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static Thread pump(String name, InputStream from, OutputStream to) {
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try (to) {
                  for (int n; (n = from.read(buf)) >= 0; ) {
                    to.write(buf, 0, n);
                    to.flush();
                  }
                } catch (IOException ended) {
                  // The other side went away: the command ended or the channel closed.
                }
              },
              name);
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
      // As sshd: closing the channel closes the command's pipes; it does not kill the command.
    }
  }
}
