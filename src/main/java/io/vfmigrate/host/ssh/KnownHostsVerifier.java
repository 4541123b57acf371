package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks a host's key against known_hosts as OpenSSH does with {@code StrictHostKeyChecking=yes}
 * (or {@code accept-new}): hashed entries and {@code [host]:port} entries match; a key of a type
 * that known_hosts does not hold for the host is unknown; a key that differs from the one of its
 * type is CHANGED and always refused. A refusal is kept for the connector to report.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
  private static final String REVOKED = "revoked";
  private static final String CERT_AUTHORITY = "cert-authority";

  private final SshTarget target;
  private final Path file;
  private final boolean acceptNew;
  private final AtomicReference<HostException> refusal = new AtomicReference<>();

  KnownHostsVerifier(SshTarget target, Path file, boolean acceptNew) {
    this.target = target;
    this.file = file;
    this.acceptNew = acceptNew;
  }

  @Override
  public boolean verifyServerKey(
      ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
    refusal.set(null);
    try {
      return verify(serverKey);
    } catch (HostException e) {
      refusal.set(e);
      return false;
    }
  }

  /** Why the last key was refused, if it was. */
  Optional<HostException> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  /** The key types known_hosts holds for the host, so that key exchange can prefer them. */
  Set<String> knownKeyTypes() {
    Set<String> types = new LinkedHashSet<>();
    for (Known k : entriesForHost()) {
      types.add(k.type);
    }
    return types;
  }

  private boolean verify(PublicKey serverKey) {
    String type = KeyUtils.getKeyType(serverKey);
    String offered = KeyUtils.getFingerPrint(serverKey);
    Known sameType = null;
    for (Known k : entriesForHost()) {
      boolean equal = KeyUtils.compareKeys(k.key, serverKey);
      if (REVOKED.equals(k.marker)) {
        if (equal) {
          throw new HostException(
              "The host key "
                  + offered
                  + " of '"
                  + target.knownHostsName()
                  + "' is revoked in "
                  + file
                  + ". vfmigrate refused to connect.",
              "ask the host's administrator which key the host should have.");
        }
        continue;
      }
      if (equal) {
        return true;
      }
      if (type.equals(k.type) && sameType == null) {
        sameType = k;
      }
    }
    String keyName = displayType(type);
    if (sameType != null) {
      throw new ChangedHostKeyException(
          target, keyName, KeyUtils.getFingerPrint(sameType.key), offered, file);
    }
    if (!acceptNew) {
      throw new UnknownHostKeyException(target, keyName, offered, file);
    }
    append(serverKey);
    return true;
  }

  private List<Known> entriesForHost() {
    List<KnownHostEntry> entries;
    try {
      entries = KnownHostEntry.readKnownHostEntries(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      throw new HostException(
          "Cannot read " + file + ": " + e.getMessage(),
          "fix or remove the broken line of " + file + " (ssh-keygen -lf " + file + " finds it).",
          e);
    }
    List<Known> known = new ArrayList<>();
    if (entries == null) {
      return known;
    }
    for (KnownHostEntry e : entries) {
      if (CERT_AUTHORITY.equals(e.getMarker())
          || e.getKeyEntry() == null
          || !e.isHostMatch(target.host(), target.port())) {
        continue;
      }
      try {
        PublicKey key =
            e.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
        if (key != null) {
          known.add(new Known(e.getKeyEntry().getKeyType(), key, e.getMarker()));
        }
      } catch (IOException | GeneralSecurityException | RuntimeException ignored) {
        // A key type this client cannot decode (e.g. a security-key type): as OpenSSH, skip it.
      }
    }
    return known;
  }

  private void append(PublicKey serverKey) {
    String line = target.knownHostsName() + " " + PublicKeyEntry.toString(serverKey) + "\n";
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (Files.exists(file) && Files.size(file) > 0 && !endsWithNewline()) {
        line = "\n" + line;
      }
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | UnsupportedOperationException e) {
      throw new HostException(
          "Cannot add the host key of '" + target.knownHostsName() + "' to " + file + ": " + e,
          "make " + file + " writable, or add the key by hand with ssh-keyscan.",
          e);
    }
  }

  private boolean endsWithNewline() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
  }

  /** As ssh shows key types: ED25519, ECDSA, RSA. */
  private static String displayType(String type) {
    if (type.startsWith("ssh-ed25519")) {
      return "ED25519";
    }
    if (type.startsWith("ecdsa-")) {
      return "ECDSA";
    }
    if (type.startsWith("ssh-rsa")) {
      return "RSA";
    }
    return type;
  }

  private record Known(String type, PublicKey key, String marker) {}
}
