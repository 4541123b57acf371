package io.vfmigrate.workflow.attach;

import io.vfmigrate.model.MacAddress;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Generates MAC addresses in QEMU's 52:54:00 range that no domain of the inventory uses. */
final class MacAllocator {
  private final RandomGenerator random;

  MacAllocator() {
    this(new SecureRandom());
  }

  /** With a given source of randomness, so tests know which MACs come. */
  MacAllocator(RandomGenerator random) {
    this.random = random;
  }

  MacAddress allocate(Set<MacAddress> used) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      MacAddress mac =
          MacAddress.parse(
              String.format(
                  Locale.ROOT,
                  "52:54:00:%02x:%02x:%02x",
                  random.nextInt(256),
                  random.nextInt(256),
                  random.nextInt(256)));
      if (!used.contains(mac)) {
        return mac;
      }
    }
    throw new IllegalStateException("no free MAC address in 52:54:00:00:00:00/24");
  }
}
