package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Keys and known_hosts lines for the SSH tests, made as ssh-keygen makes them, without it. */
final class TestKeys {
  private TestKeys() {}

  static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  static KeyPair rsa() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 3072);
  }

  /**
   * Writes {@code key} as OpenSSH's private key file {@code file} (encrypted with {@code
   * passphrase} by bcrypt and AES-256-CTR, as ssh-keygen -N does, when not null) and its public
   * half as {@code file.pub}; returns {@code file}.
   */
  static Path write(KeyPair key, Path file, String passphrase)
      throws IOException, GeneralSecurityException {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, out);
    }
    Files.writeString(Path.of(file + ".pub"), PublicKeyEntry.toString(key.getPublic()) + " test\n");
    return file;
  }

  /**
   * The fingerprint {@code ssh-keygen -l} shows for the key in an OpenSSH .pub file: SHA256 of the
   * key blob, Base64 without padding.
   */
  static String fingerprint(Path publicKeyFile) throws IOException, GeneralSecurityException {
    byte[] blob = Base64.getDecoder().decode(Files.readString(publicKeyFile).split(" ")[1].strip());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  /**
   * A hashed known_hosts line as {@code ssh-keygen -H} writes it: {@code |1|SALT|HMAC-SHA1(salt,
   * host)} then the key.
   */
  static String hashedLine(String host, String keyText) throws GeneralSecurityException {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.US_ASCII));
    Base64.Encoder b64 = Base64.getEncoder();
    return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " " + keyText;
  }
}
