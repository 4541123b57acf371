package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;

/** vfmigrate's SSH key: an unencrypted OpenSSH (or PEM) private key file. */
final class SshIdentity {
  private final Path file;
  private final KeyPair keyPair;

  private SshIdentity(Path file, KeyPair keyPair) {
    this.file = file;
    this.keyPair = keyPair;
  }

  static SshIdentity load(Path file) {
    AtomicBoolean askedForPassphrase = new AtomicBoolean();
    FilePasswordProvider noPassphrase =
        new FilePasswordProvider() {
          @Override
          public String getPassword(
              org.apache.sshd.common.session.SessionContext session,
              NamedResource resource,
              int retryIndex) {
            askedForPassphrase.set(true);
            return null;
          }

          @Override
          public ResourceDecodeResult handleDecodeAttemptResult(
              org.apache.sshd.common.session.SessionContext session,
              NamedResource resource,
              int retryIndex,
              String password,
              Exception err) {
            return ResourceDecodeResult.TERMINATE;
          }
        };
    Iterable<KeyPair> pairs;
    try (InputStream in = Files.newInputStream(file)) {
      pairs =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(file.toString()), in, noPassphrase);
    } catch (NoSuchFileException e) {
      throw SshIdentityException.missing(file);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (askedForPassphrase.get()) {
        throw SshIdentityException.encrypted(file);
      }
      throw SshIdentityException.unreadable(file, String.valueOf(e.getMessage()), e);
    }
    Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
    if (it == null || !it.hasNext()) {
      if (askedForPassphrase.get()) {
        throw SshIdentityException.encrypted(file);
      }
      throw SshIdentityException.unreadable(file, "it holds no private key", null);
    }
    return new SshIdentity(file, it.next());
  }

  Path file() {
    return file;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  /** The public key's SHA256 fingerprint, as {@code ssh-keygen -lf} shows it. */
  String fingerprint() {
    return KeyUtils.getFingerPrint(keyPair.getPublic());
  }
}
