package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.future.CancelOption;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens authenticated SSH sessions to one target: TCP connect, host key check against known_hosts,
 * public-key login. Every failure becomes a typed {@link HostException} with its fix.
 */
final class SshConnector implements AutoCloseable {
  /** Keepalives, so that a dead peer is noticed while a long command prints nothing. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final int HEARTBEATS_WITHOUT_REPLY = 4;

  private final SshTarget target;
  private final SshOptions options;
  private final KnownHostsVerifier verifier;
  private SshClient client;
  private SshIdentity identity;

  SshConnector(SshTarget target, SshOptions options) {
    this.target = target;
    this.options = options;
    this.verifier =
        new KnownHostsVerifier(target, options.knownHosts(), options.acceptNewHostKey());
  }

  /**
   * Connects, checks the host key and logs in. Not synchronized as a whole, so that {@link #close}
   * does not wait for a connection being made (it stops the client, which ends it).
   */
  ClientSession open() {
    SshIdentity id = identity();
    SshClient c = client();
    preferKnownHostKeyTypes(c);
    resolve();
    Duration timeout = options.connectTimeout();
    ConnectFuture future;
    ClientSession session;
    try {
      future = c.connect(target.user(), target.host(), target.port());
      session = future.verify(timeout, CancelOption.CANCEL_ON_TIMEOUT).getSession();
    } catch (IOException | RuntimeException e) {
      throw connectFailure(e);
    }
    try {
      session.addPublicKeyIdentity(id.keyPair());
      session.auth().verify(timeout, CancelOption.CANCEL_ON_TIMEOUT);
      return session;
    } catch (IOException | RuntimeException e) {
      session.close(true);
      throw loginFailure(e, id);
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.stop();
      client = null;
    }
  }

  private synchronized SshIdentity identity() {
    if (identity == null) {
      identity = SshIdentity.load(options.identityFile());
    }
    return identity;
  }

  private synchronized SshClient client() {
    if (client == null) {
      SshClient c = SshClient.setUpDefaultClient();
      // Only what SshOptions says: no ~/.ssh/config, no default keys, no agent, no passwords.
      c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
      c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
      c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
      c.setServerKeyVerifier(verifier);
      // A migration may print nothing for many minutes: no idle timeout, keepalives instead.
      CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ZERO);
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, HEARTBEAT);
      CoreModuleProperties.HEARTBEAT_REQUEST.set(c, "keepalive@openssh.com");
      CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, HEARTBEATS_WITHOUT_REPLY);
      // Each command is a few small packets each way (channel open, exec request, stdin EOF,
      // output, exit status, close): with Nagle's algorithm each small write after the first
      // waits for the peer's delayed ACK, which cost 20-40 ms per command on loopback.
      CoreModuleProperties.TCP_NODELAY.set(c, true);
      c.setKeyExchangeFactories(fastKeyExchangeFirst(c.getKeyExchangeFactories()));
      c.start();
      client = c;
    }
    return client;
  }

  /**
   * The key exchanges in the order vfmigrate asks for them: ML-KEM768 with X25519 (post-quantum,
   * OpenSSH 9.9+), then curve25519-sha256, then the rest in MINA's order. MINA puts sntrup761x25519
   * first, which OpenSSH 9.0-9.8 servers accept; in a freshly started JVM its key generation made
   * each connection 0.3-0.6 s slower than curve25519 (measured against OpenSSH 9.2 on loopback),
   * and vfmigrate connects anew on every run. It stays offered, after these.
   */
  static List<KeyExchangeFactory> fastKeyExchangeFirst(List<KeyExchangeFactory> factories) {
    List<KeyExchangeFactory> ordered = new ArrayList<>(factories);
    ordered.sort(
        Comparator.comparingInt(
            f ->
                FAST_KEX.indexOf(f.getName()) < 0
                    ? FAST_KEX.size()
                    : FAST_KEX.indexOf(f.getName())));
    return ordered;
  }

  /** The key exchanges asked for first, in this order. */
  static final List<String> FAST_KEX =
      List.of("mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org");

  /**
   * As OpenSSH does, asks first for the host key types that known_hosts holds for the host, so that
   * a host known by its RSA key is not reported unknown because it also has an Ed25519 key.
   */
  private synchronized void preferKnownHostKeyTypes(SshClient c) {
    Set<String> known = verifier.knownKeyTypes();
    if (known.isEmpty()) {
      return;
    }
    List<NamedFactory<Signature>> first = new ArrayList<>();
    List<NamedFactory<Signature>> rest = new ArrayList<>();
    for (NamedFactory<Signature> f : c.getSignatureFactories()) {
      (known.contains(keyTypeOf(f.getName())) ? first : rest).add(f);
    }
    first.addAll(rest);
    c.setSignatureFactories(first);
  }

  private static String keyTypeOf(String signatureAlgorithm) {
    return signatureAlgorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : signatureAlgorithm;
  }

  private void resolve() {
    try {
      InetAddress.getAllByName(target.host());
    } catch (UnknownHostException e) {
      throw SshConnectException.unresolved(target, e);
    }
  }

  private HostException connectFailure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoRouteToHostException) {
        return SshConnectException.unreachable(target, "No route to host", e);
      }
      if (t instanceof ConnectException) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("refused")) {
          return SshConnectException.refused(target, e);
        }
        if (m.contains("unreachable")) {
          return SshConnectException.unreachable(target, "Network is unreachable", e);
        }
        if (m.contains("timed out")) {
          return SshConnectException.timedOut(target, options.connectTimeout().toSeconds(), e);
        }
        return SshConnectException.unreachable(target, m, e);
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return SshConnectException.unresolved(target, e);
      }
      if (t instanceof SocketTimeoutException) {
        return SshConnectException.timedOut(target, options.connectTimeout().toSeconds(), e);
      }
    }
    if (String.valueOf(e.getMessage()).contains("timeout")) {
      return SshConnectException.timedOut(target, options.connectTimeout().toSeconds(), e);
    }
    return SshConnectException.unreachable(target, String.valueOf(e.getMessage()), e);
  }

  private HostException loginFailure(Exception e, SshIdentity id) {
    if (verifier.refusal().isPresent()) {
      return verifier.refusal().get();
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("No more authentication methods")) {
      return new SshAuthenticationException(target, id.file(), id.fingerprint());
    }
    if (message.contains("timeout")) {
      return new HostException(
          "ssh: " + target + ": no login within " + options.connectTimeout().toSeconds() + " s.",
          "check that sshd on "
              + target.host()
              + " answers (it may be overloaded, or DNS"
              + " lookups in sshd may hang: UseDNS no), or give a longer connect timeout.",
          e);
    }
    return new HostException(
        "ssh: " + target + ": the SSH handshake or login failed: " + message,
        "check sshd's log on "
            + target.host()
            + " (journalctl -u sshd) for why it closed the"
            + " connection.",
        e);
  }
}
